using Authgate.Admin.SigningKeys;

namespace Authgate.Management;

/// <summary><c>/api/v2/keys/signing</c>: the tenant's signing keys, their rotation and revocation, through <see cref="SigningKeyService"/>.</summary>
internal static class SigningKeysApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/keys/signing", ListAsync).Scopes("read:signing_keys");
        api.MapGet("/keys/signing/{kid}", GetAsync).Scopes("read:signing_keys");
        api.MapPost("/keys/signing/rotate", RotateAsync).Scopes("create:signing_keys").Audited("Rotate the signing key");
        api.MapPut("/keys/signing/{kid}/revoke", RevokeAsync).Scopes("update:signing_keys").Audited("Revoke a signing key");
    }

    private static async Task<IResult> ListAsync(HttpContext http, SigningKeyService keys) =>
        ManagementResults.Json(await keys.ListAsync(http.RequestAborted));

    private static async Task<IResult> GetAsync(string kid, HttpContext http, SigningKeyService keys) =>
        ManagementResults.From(await keys.GetAsync(kid, http.RequestAborted));

    private static async Task<IResult> RotateAsync(HttpContext http, SigningKeyService keys)
    {
        if (!ManagementCaller.Of(http).Has("update:signing_keys"))
        {
            return ManagementResults.Error(ManagementError.InsufficientScope(["update:signing_keys"]));
        }

        return ManagementResults.Json(await keys.RotateAsync(http.RequestAborted), 201);
    }

    private static async Task<IResult> RevokeAsync(string kid, HttpContext http, SigningKeyService keys) =>
        ManagementResults.From(await keys.RevokeAsync(kid, http.RequestAborted));
}
