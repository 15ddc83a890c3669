using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Authgate.Tokens;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Management;

/// <summary><c>/api/v2/keys/signing</c>: the tenant's signing keys, their rotation and revocation.</summary>
internal static class SigningKeysApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/keys/signing", ListAsync).Scopes("read:signing_keys");
        api.MapGet("/keys/signing/{kid}", GetAsync).Scopes("read:signing_keys");
        api.MapPost("/keys/signing/rotate", RotateAsync).Scopes("create:signing_keys").Audited("Rotate the signing key");
        api.MapPut("/keys/signing/{kid}/revoke", RevokeAsync).Scopes("update:signing_keys").Audited("Revoke a signing key");
    }

    private static async Task<IResult> ListAsync(HttpContext http, AuthDbContext db)
    {
        var keys = await db.SigningKeys.OrderByDescending(k => k.CreatedAt).ToListAsync(http.RequestAborted);
        return ManagementResults.Json(keys.Select(View).ToList());
    }

    private static async Task<IResult> GetAsync(string kid, HttpContext http, AuthDbContext db)
    {
        var key = await db.SigningKeys.FirstOrDefaultAsync(k => k.Kid == kid, http.RequestAborted);
        return key is null ? ManagementResults.Error(NotFound()) : ManagementResults.Json(View(key));
    }

    private static async Task<IResult> RotateAsync(HttpContext http, SigningKeyRing ring)
    {
        if (!ManagementCaller.Of(http).Has("update:signing_keys"))
        {
            return ManagementResults.Error(ManagementError.InsufficientScope(["update:signing_keys"]));
        }

        var current = await ring.RotateAsync(http.RequestAborted);
        return ManagementResults.Json(new JsonObject { ["cert"] = Pem(current.Certificate), ["kid"] = current.Kid }, 201);
    }

    private static async Task<IResult> RevokeAsync(string kid, HttpContext http, AuthDbContext db, SigningKeyRing ring)
    {
        var key = await db.SigningKeys.FirstOrDefaultAsync(k => k.Kid == kid, http.RequestAborted);
        if (key is null)
        {
            return ManagementResults.Error(NotFound());
        }

        if (key.CurrentUntil is null)
        {
            return ManagementResults.Error(ManagementError.BadRequest("Only a previous key can be revoked; rotate first.", "invalid_operation"));
        }

        var revoked = await ring.RevokeAsync(kid, http.RequestAborted);
        return ManagementResults.Json(new JsonObject { ["cert"] = Pem((revoked ?? key).Certificate), ["kid"] = kid });
    }

    private static ManagementError NotFound() => ManagementError.NotFound("The signing key does not exist", "inexistent_signing_key");

    private static JsonObject View(SigningKey key)
    {
        var der = Convert.FromBase64String(key.Certificate);
        using var certificate = X509CertificateLoader.LoadCertificate(der);
        var sha1 = Convert.ToHexString(SHA1.HashData(der));
        var pkcs7 = new X509Certificate2Collection(certificate).Export(X509ContentType.Pkcs7)!;
        return new JsonObject
        {
            ["kid"] = key.Kid,
            ["cert"] = Pem(key.Certificate),
            ["pkcs7"] = "-----BEGIN PKCS7-----\r\n" + Convert.ToBase64String(pkcs7, Base64FormattingOptions.InsertLineBreaks) + "\r\n-----END PKCS7-----\r\n",
            ["current"] = key.IsCurrent,
            ["next"] = key.IsNext,
            ["previous"] = key.CurrentUntil is not null && key.RevokedAt is null,
            ["current_since"] = key.CurrentSince is { } since ? Admin.AdminTime.Iso(since) : null,
            ["current_until"] = key.CurrentUntil is { } until ? Admin.AdminTime.Iso(until) : null,
            ["fingerprint"] = string.Join(':', Enumerable.Range(0, sha1.Length / 2).Select(i => sha1.Substring(i * 2, 2))),
            ["thumbprint"] = sha1,
            ["revoked"] = key.RevokedAt is not null,
            ["revoked_at"] = key.RevokedAt is { } revoked ? Admin.AdminTime.Iso(revoked) : null,
        };
    }

    private static string Pem(string base64Der) =>
        "-----BEGIN CERTIFICATE-----\r\n" + Convert.ToBase64String(Convert.FromBase64String(base64Der), Base64FormattingOptions.InsertLineBreaks) + "\r\n-----END CERTIFICATE-----\r\n";
}
