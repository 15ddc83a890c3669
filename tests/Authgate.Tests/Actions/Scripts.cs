using System.Net;
using System.Text.Json.Nodes;
using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Actions;

/// <summary>Deploys and binds scripts through the Management API, as an operator would.</summary>
public static class Scripts
{
    public static string SeedAction => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "samples", "scripts", "customize-tokens.action.js"));

    public static string SeedRule => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "samples", "scripts", "customize-tokens.rule.js"));

    /// <summary>Creates an Action, deploys it and makes it the only binding of the trigger; returns its id.</summary>
    public static async Task<string> BindAsync(Infrastructure.Management management, string code, string trigger = "post-login", object[]? secrets = null)
    {
        var id = await CreateAsync(management, code, trigger, secrets);
        await management.OkAsync(HttpMethod.Post, $"actions/actions/{id}/deploy");
        await management.PatchAsync($"actions/triggers/{trigger}/bindings", new { bindings = new[] { new { @ref = new { type = "action_id", value = id } } } });
        return id;
    }

    public static async Task<string> CreateAsync(Infrastructure.Management management, string code, string trigger = "post-login", object[]? secrets = null)
    {
        var created = await management.PostAsync("actions/actions", new
        {
            name = "action-" + Guid.NewGuid().ToString("N")[..12],
            supported_triggers = new[] { new { id = trigger, version = trigger == "post-login" ? "v3" : "v2" } },
            code,
            runtime = "node22",
            secrets = secrets ?? [],
        });
        return created["id"]!.GetValue<string>();
    }

    public static async Task UnbindAllAsync(Infrastructure.Management management)
    {
        await management.PatchAsync("actions/triggers/post-login/bindings", new { bindings = Array.Empty<object>() });
        await management.PatchAsync("actions/triggers/credentials-exchange/bindings", new { bindings = Array.Empty<object>() });
        foreach (var rule in (await management.GetAsync("rules")).AsArray())
        {
            await management.OkAsync(HttpMethod.Delete, $"rules/{rule!["id"]}", null, HttpStatusCode.NoContent);
        }
    }

    public static JsonObject Claims(string jwt) => JsonNode.Parse(System.Text.Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(jwt.Split('.')[1])))!.AsObject();
}
