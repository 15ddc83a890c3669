using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Authgate.Tokens;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Admin.SigningKeys;

/// <summary>The tenant's signing keys: list, read, rotate and revoke, for the Management API and the dashboard.</summary>
internal sealed class SigningKeyService(AuthDbContext db, SigningKeyRing ring)
{
    public static AdminError NotFound() => AdminError.NotFound("The signing key does not exist", "inexistent_signing_key");

    public async Task<List<JsonObject>> ListAsync(CancellationToken cancellationToken) =>
        (await db.SigningKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).ToListAsync(cancellationToken)).Select(View).ToList();

    public async Task<AdminResult<JsonObject>> GetAsync(string kid, CancellationToken cancellationToken)
    {
        var key = await db.SigningKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Kid == kid, cancellationToken);
        return key is null ? NotFound() : View(key);
    }

    /// <summary>The next key becomes current; the current one stays published as previous until revoked.</summary>
    public async Task<JsonObject> RotateAsync(CancellationToken cancellationToken)
    {
        var current = await ring.RotateAsync(cancellationToken);
        return new JsonObject { ["cert"] = Pem(current.Certificate), ["kid"] = current.Kid };
    }

    /// <summary>Only a previous key can be revoked: the current and next keys sign and will sign tokens.</summary>
    public async Task<AdminResult<JsonObject>> RevokeAsync(string kid, CancellationToken cancellationToken)
    {
        var key = await db.SigningKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Kid == kid, cancellationToken);
        if (key is null)
        {
            return NotFound();
        }

        if (key.CurrentUntil is null)
        {
            return AdminError.BadRequest("Only a previous key can be revoked; rotate first.", "invalid_operation");
        }

        var revoked = await ring.RevokeAsync(kid, cancellationToken);
        return new JsonObject { ["cert"] = Pem((revoked ?? key).Certificate), ["kid"] = kid };
    }

    public static JsonObject View(SigningKey key)
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
            ["current_since"] = key.CurrentSince is { } since ? AdminTime.Iso(since) : null,
            ["current_until"] = key.CurrentUntil is { } until ? AdminTime.Iso(until) : null,
            ["fingerprint"] = string.Join(':', Enumerable.Range(0, sha1.Length / 2).Select(i => sha1.Substring(i * 2, 2))),
            ["thumbprint"] = sha1,
            ["revoked"] = key.RevokedAt is not null,
            ["revoked_at"] = key.RevokedAt is { } revoked ? AdminTime.Iso(revoked) : null,
        };
    }

    public static string Pem(string base64Der) =>
        "-----BEGIN CERTIFICATE-----\r\n" + Convert.ToBase64String(Convert.FromBase64String(base64Der), Base64FormattingOptions.InsertLineBreaks) + "\r\n-----END CERTIFICATE-----\r\n";
}
