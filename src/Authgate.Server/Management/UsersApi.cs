using Authgate.Admin.Users;

namespace Authgate.Management;

/// <summary><c>/api/v2/users</c> and <c>/api/v2/users-by-email</c>: users of database connections, through <see cref="UserService"/>.</summary>
internal static class UsersApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/users", ListAsync).Scopes("read:users");
        api.MapGet("/users/{id}", GetAsync).Scopes("read:users").CurrentUser("read:current_user");
        api.MapPost("/users", CreateAsync).Scopes("create:users").Audited("Create a User");
        api.MapPatch("/users/{id}", UpdateAsync).Scopes("update:users", "update:users_app_metadata")
            .CurrentUser("update:current_user_metadata", "create:current_user_metadata").Audited("Update a User");
        api.MapDelete("/users/{id}", DeleteAsync).Scopes("delete:users").Audited("Delete a User");
        api.MapGet("/users-by-email", ByEmailAsync).Scopes("read:users");
    }

    private static async Task<IResult> ListAsync(HttpContext http, UserService service)
    {
        if (!ManagementQuery.List(http.Request).TryGet(out var query, out var error))
        {
            return ManagementResults.Error(error);
        }

        var filter = new UserQuery(ManagementQuery.Value(http.Request, "q"), ManagementQuery.Value(http.Request, "connection"), ManagementQuery.Value(http.Request, "sort"));
        return ManagementResults.From(await service.ListAsync(query, filter, http.RequestAborted), "users");
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, UserService service) =>
        ManagementQuery.Read(http.Request, await service.GetAsync(id, http.RequestAborted));

    private static async Task<IResult> ByEmailAsync(HttpContext http, UserService service)
    {
        if (ManagementQuery.Value(http.Request, "email") is not { Length: > 0 } email)
        {
            return ManagementResults.Error(ManagementError.BadQuery("Query validation error: 'Missing required property: email'."));
        }

        if (!ManagementQuery.List(http.Request).TryGet(out var query, out var error))
        {
            return ManagementResults.Error(error);
        }

        var users = await service.ByEmailAsync(email, http.RequestAborted);
        return ManagementResults.Json(users.Select(query.Fields.Apply).ToList());
    }

    private static async Task<IResult> CreateAsync(HttpContext http, UserService service)
    {
        var (body, error) = await ManagementBody.ReadJsonAsync(http);
        return error is not null ? ManagementResults.Error(error) : ManagementResults.From(await service.CreateAsync(body, http.RequestAborted), 201);
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext http, UserService service)
    {
        var (body, error) = await ManagementBody.ReadJsonAsync(http);
        var caller = ManagementCaller.Of(http);
        var reach = caller.EndUser ? UserUpdateReach.UserMetadata : caller.Has("update:users") ? UserUpdateReach.Everything : UserUpdateReach.AppMetadata;
        return error is not null ? ManagementResults.Error(error) : ManagementResults.From(await service.UpdateAsync(id, body, reach, http.RequestAborted));
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext http, UserService service) =>
        ManagementResults.From(await service.DeleteAsync(id, http.RequestAborted));
}
