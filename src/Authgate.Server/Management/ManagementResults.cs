using System.Text.Json.Nodes;

namespace Authgate.Management;

/// <summary>Turns handler outcomes into HTTP answers: JSON bodies in Auth0's shapes, errors in Auth0's error shape.</summary>
internal static class ManagementResults
{
    public static IResult Error(ManagementError error) => Results.Json(error, ManagementJson.Output, statusCode: error.StatusCode);

    /// <summary>An admin service's refusal, in Auth0's error shape.</summary>
    public static IResult Error(Admin.AdminError error) => Error(ManagementError.From(error));

    public static IResult Json(object value, int status = 200) => Results.Json(value, ManagementJson.Output, statusCode: status);

    public static IResult NoContent() => Results.NoContent();

    /// <summary>An admin service's answer: the read model with <paramref name="status"/>, or its error in Auth0's shape.</summary>
    public static IResult From(Admin.AdminResult<JsonObject> result, int status = 200) =>
        result.TryGet(out var value, out var error) ? Json(value, status) : Error(error);

    /// <summary>A list as Auth0 writes it for the way the caller paged (see <see cref="Admin.Lists.ListPage"/>).</summary>
    public static IResult From(Admin.AdminResult<Admin.Lists.ListPage> result, string name) =>
        result.TryGet(out var page, out var error) ? Json(page.ToJson(name)) : Error(error);

    /// <summary>A delete or another change without a body: 204, or the error.</summary>
    public static IResult From(Admin.AdminError? error, int status = 204) =>
        error is null ? Results.StatusCode(status) : Error(error);
}
