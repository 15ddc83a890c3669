using Authgate.Admin.Lists;
using Authgate.Admin.Rules;

namespace Authgate.Management;

/// <summary><c>/api/v2/rules</c> and <c>/api/v2/rules-configs</c>. Thin: <see cref="RuleService"/> validates and writes.</summary>
internal static class RulesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/rules", ListAsync).Scopes("read:rules");
        api.MapPost("/rules", CreateAsync).Scopes("create:rules").Audited("Create a rule");
        api.MapGet("/rules/{id}", GetAsync).Scopes("read:rules");
        api.MapPatch("/rules/{id}", UpdateAsync).Scopes("update:rules").Audited("Update a rule");
        api.MapDelete("/rules/{id}", DeleteAsync).Scopes("delete:rules").Audited("Delete a rule");
        api.MapGet("/rules-configs", async (HttpContext http, RuleService rules) => ManagementResults.Json(await rules.ConfigKeysAsync(http.RequestAborted))).Scopes("read:rules_configs");
        api.MapPut("/rules-configs/{key}", SetConfigAsync).Scopes("update:rules_configs").Audited("Set a rules config");
        api.MapDelete("/rules-configs/{key}", DeleteConfigAsync).Scopes("delete:rules_configs").Audited("Delete a rules config");
    }

    private static async Task<IResult> ListAsync(HttpContext http, RuleService rules)
    {
        if (!ManagementQuery.List(http.Request).TryGet(out var paging, out var pagingError))
        {
            return ManagementResults.Error(pagingError);
        }

        bool? enabled = http.Request.Query["enabled"].ToString() is { Length: > 0 } e ? e == "true" : null;
        var (items, total) = await rules.ListAsync(paging, enabled, http.RequestAborted);
        return ManagementResults.Json(new ListPage(items, paging, total, null).ToJson("rules"));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, RuleService rules)
    {
        var (body, error) = await ManagementBody.ReadAsync<RuleBodies.Rule>(http);
        if (body is null)
        {
            return ManagementResults.Error(error!);
        }

        return (await rules.CreateAsync(body, http.RequestAborted)).TryGet(out var rule, out var refused)
            ? ManagementResults.Json(RuleService.View(rule), 201)
            : ManagementResults.Error(refused);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, RuleService rules) =>
        await rules.FindAsync(id, http.RequestAborted) is { } rule ? ManagementResults.Json(RuleService.View(rule)) : ManagementResults.Error(RuleService.NotFound());

    private static async Task<IResult> UpdateAsync(string id, HttpContext http, RuleService rules)
    {
        var (body, error) = await ManagementBody.ReadAsync<RuleBodies.Rule>(http);
        if (body is null)
        {
            return ManagementResults.Error(error!);
        }

        return (await rules.UpdateAsync(id, body, http.RequestAborted)).TryGet(out var rule, out var refused)
            ? ManagementResults.Json(RuleService.View(rule))
            : ManagementResults.Error(refused);
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext http, RuleService rules) =>
        await rules.DeleteAsync(id, http.RequestAborted) ? ManagementResults.NoContent() : ManagementResults.Error(RuleService.NotFound());

    private static async Task<IResult> SetConfigAsync(string key, HttpContext http, RuleService rules)
    {
        var (body, error) = await ManagementBody.ReadAsync<RuleBodies.Config>(http);
        if (body is null)
        {
            return ManagementResults.Error(error!);
        }

        return ManagementResults.From(await rules.SetConfigAsync(key, body, http.RequestAborted));
    }

    private static async Task<IResult> DeleteConfigAsync(string key, HttpContext http, RuleService rules) =>
        await rules.DeleteConfigAsync(key, http.RequestAborted)
            ? ManagementResults.NoContent()
            : ManagementResults.Error(ManagementError.NotFound("The rules config does not exist.", "inexistent_rules_config"));
}
