using Authgate.Admin.Users;

namespace Authgate.Management;

/// <summary>
/// <c>/api/v2/user-blocks</c>: brute-force blocks by identifier (email, username) or by user id. Thin:
/// <see cref="UserBlockService"/> lists and lifts them.
/// </summary>
internal static class UserBlocksApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/user-blocks", ByIdentifierAsync).Scopes("read:users");
        api.MapDelete("/user-blocks", UnblockIdentifierAsync).Scopes("update:users").Audited("Unblock a user by identifier");
        api.MapGet("/user-blocks/{id}", ByUserAsync).Scopes("read:users");
        api.MapDelete("/user-blocks/{id}", UnblockUserAsync).Scopes("update:users").Audited("Unblock a user");
    }

    private static ManagementError MissingIdentifier() => ManagementError.BadQuery("Query validation error: 'Missing required property: identifier'.");

    private static async Task<IResult> ByIdentifierAsync(HttpContext http, UserBlockService blocks) =>
        UserBlockService.Identifier(http.Request.Query["identifier"].ToString()) is { } identifier
            ? ManagementResults.Json(await blocks.ForIdentifierAsync(identifier, http.RequestAborted))
            : ManagementResults.Error(MissingIdentifier());

    private static async Task<IResult> UnblockIdentifierAsync(HttpContext http, UserBlockService blocks)
    {
        if (UserBlockService.Identifier(http.Request.Query["identifier"].ToString()) is not { } identifier)
        {
            return ManagementResults.Error(MissingIdentifier());
        }

        await blocks.LiftForIdentifierAsync(identifier, ManagementCaller.Of(http).ClientId, http.Connection.RemoteIpAddress?.ToString(), http.RequestAborted);
        return ManagementResults.NoContent();
    }

    private static async Task<IResult> ByUserAsync(string id, HttpContext http, UserBlockService blocks) =>
        (await blocks.ForUserAsync(id, http.RequestAborted)).TryGet(out var found, out var error)
            ? ManagementResults.Json(found)
            : ManagementResults.Error(error);

    private static async Task<IResult> UnblockUserAsync(string id, HttpContext http, UserBlockService blocks) =>
        await blocks.LiftForUserAsync(id, ManagementCaller.Of(http).ClientId, http.Connection.RemoteIpAddress?.ToString(), http.RequestAborted) is { } error
            ? ManagementResults.Error(error)
            : ManagementResults.NoContent();
}
