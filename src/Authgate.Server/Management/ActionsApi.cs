using System.Text.Json.Nodes;
using Authgate.Admin.Actions;
using Authgate.Admin.Lists;

namespace Authgate.Management;

/// <summary><c>/api/v2/actions</c>: Actions, versions, deploys, tests, triggers and bindings. Thin: <see cref="ActionService"/> does the work.</summary>
internal static class ActionsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/actions/actions", ListAsync).Scopes("read:actions");
        api.MapPost("/actions/actions", CreateAsync).Scopes("create:actions").Audited("Create an action");
        api.MapGet("/actions/actions/{id}", GetAsync).Scopes("read:actions");
        api.MapPatch("/actions/actions/{id}", UpdateAsync).Scopes("update:actions").Audited("Update an action");
        api.MapDelete("/actions/actions/{id}", DeleteAsync).Scopes("delete:actions").Audited("Delete an action");
        api.MapPost("/actions/actions/{id}/deploy", DeployAsync).Scopes("create:actions").Audited("Deploy an action");
        api.MapPost("/actions/actions/{id}/test", TestAsync).Scopes("create:actions");
        api.MapGet("/actions/actions/{id}/versions", VersionsAsync).Scopes("read:actions");
        api.MapGet("/actions/actions/{id}/versions/{versionId}", VersionAsync).Scopes("read:actions");
        api.MapPost("/actions/actions/{id}/versions/{versionId}/deploy", DeployVersionAsync).Scopes("create:actions").Audited("Roll back an action");
        api.MapGet("/actions/triggers", () => ManagementResults.Json(ActionService.TriggersView())).Scopes("read:actions");
        api.MapGet("/actions/triggers/{trigger}/bindings", BindingsAsync).Scopes("read:actions");
        api.MapPatch("/actions/triggers/{trigger}/bindings", UpdateBindingsAsync).Scopes("update:actions").Audited("Update trigger bindings");
    }

    private static async Task<IResult> ListAsync(HttpContext http, ActionService actions)
    {
        if (!ManagementQuery.List(http.Request).TryGet(out var paging, out var pagingError))
        {
            return ManagementResults.Error(pagingError);
        }

        var query = http.Request.Query;
        bool? deployed = query["deployed"].ToString() is { Length: > 0 } d ? d == "true" : null;
        var (items, total) = await actions.ListAsync(paging, query["triggerId"].ToString(), query["actionName"].ToString(), deployed, http.RequestAborted);
        return ManagementResults.Json(Wrapped("actions", items, total, paging));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, ActionService actions)
    {
        var (body, error) = await ManagementBody.ReadAsync<ActionBodies.Action>(http);
        if (body is null)
        {
            return ManagementResults.Error(error!);
        }

        return ManagementResults.From(await actions.CreateAsync(body, http.RequestAborted), 201);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, ActionService actions) =>
        await actions.FindAsync(id, http.RequestAborted) is { } action
            ? ManagementResults.Json(await actions.ViewAsync(action, http.RequestAborted))
            : ManagementResults.Error(ActionService.NotFound());

    private static async Task<IResult> UpdateAsync(string id, HttpContext http, ActionService actions)
    {
        var (body, error) = await ManagementBody.ReadAsync<ActionBodies.Action>(http);
        if (body is null)
        {
            return ManagementResults.Error(error!);
        }

        return ManagementResults.From(await actions.UpdateAsync(id, body, http.RequestAborted));
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext http, ActionService actions)
    {
        var force = http.Request.Query["force"].ToString() == "true";
        return ManagementResults.From(await actions.DeleteAsync(id, force, http.RequestAborted));
    }

    /// <summary>No body. Auth0's recording answers 200 with the new version (its OpenAPI says 202).</summary>
    private static async Task<IResult> DeployAsync(string id, HttpContext http, ActionService actions) =>
        ManagementResults.From(await actions.DeployAsync(id, http.RequestAborted));

    private static async Task<IResult> TestAsync(string id, HttpContext http, ActionService actions)
    {
        var (body, error) = await ManagementBody.ReadAsync<ActionBodies.Test>(http);
        if (body is null)
        {
            return ManagementResults.Error(error!);
        }

        return ManagementResults.From(await actions.TestAsync(id, body.Payload, http.RequestAborted));
    }

    private static async Task<IResult> VersionsAsync(string id, HttpContext http, ActionService actions)
    {
        if (!ManagementQuery.List(http.Request).TryGet(out var paging, out var pagingError))
        {
            return ManagementResults.Error(pagingError);
        }

        return await actions.VersionsAsync(id, paging, http.RequestAborted) is { } page
            ? ManagementResults.Json(Wrapped("versions", page.Versions, page.Total, paging))
            : ManagementResults.Error(ActionService.NotFound());
    }

    private static async Task<IResult> VersionAsync(string id, string versionId, HttpContext http, ActionService actions) =>
        await actions.VersionAsync(id, versionId, http.RequestAborted) is { } version
            ? ManagementResults.Json(version)
            : ManagementResults.Error(ActionService.VersionNotFound());

    /// <summary>The body is <c>{"update_draft": bool}</c> or empty (node-auth0 sends none).</summary>
    private static async Task<IResult> DeployVersionAsync(string id, string versionId, HttpContext http, ActionService actions)
    {
        var updateDraft = false;
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            var (body, error) = await ManagementBody.ReadAsync<ActionBodies.DeployVersion>(http);
            if (body is null && error is not null && !error.Message.Contains("found type null", StringComparison.Ordinal))
            {
                return ManagementResults.Error(error);
            }

            updateDraft = body?.UpdateDraft ?? false;
        }

        return ManagementResults.From(await actions.DeployVersionAsync(id, versionId, updateDraft, http.RequestAborted));
    }

    private static async Task<IResult> BindingsAsync(string trigger, HttpContext http, ActionService actions)
    {
        if (!ManagementQuery.List(http.Request).TryGet(out var paging, out var pagingError))
        {
            return ManagementResults.Error(pagingError);
        }

        return await actions.BindingsAsync(trigger, paging, http.RequestAborted) is { } page
            ? ManagementResults.Json(Wrapped("bindings", page.Bindings, page.Total, paging))
            : ManagementResults.Error(ActionService.TriggerNotFound(trigger));
    }

    private static async Task<IResult> UpdateBindingsAsync(string trigger, HttpContext http, ActionService actions)
    {
        var (body, error) = await ManagementBody.ReadAsync<ActionBodies.Bindings>(http);
        if (body is null)
        {
            return ManagementResults.Error(error!);
        }

        return (await actions.ReplaceBindingsAsync(trigger, body, http.RequestAborted)).TryGet(out var bindings, out var refused)
            ? ManagementResults.Json(new JsonObject { ["bindings"] = new JsonArray([.. bindings]) })
            : ManagementResults.Error(refused);
    }

    /// <summary>Actions lists are always wrapped: <c>{name: [...], total, page, per_page}</c>.</summary>
    private static JsonObject Wrapped(string name, List<JsonObject> items, int total, ListQuery paging) => new()
    {
        [name] = new JsonArray([.. items]),
        ["total"] = total,
        ["page"] = paging.Page,
        ["per_page"] = paging.PerPage,
    };
}
