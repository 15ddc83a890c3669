using System.Text.Json;
using System.Text.Json.Nodes;
using Authgate.Admin;
using Authgate.Admin.Actions;
using Authgate.Admin.Lists;
using Authgate.Admin.Schemas;
using Microsoft.AspNetCore.Mvc;

namespace Authgate.Dashboard.Pages.Actions;

/// <summary>
/// One Action: its draft code in a plain textarea, its secrets (names only once stored) and dependencies, deploy, the
/// versions and a roll back to one, and a test run with a sample event, all through <see cref="ActionService"/>.
/// </summary>
internal sealed class EditModel(ActionService actions) : DashboardPage
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public const string SamplePayload = "{\n  \"user\": { \"user_id\": \"auth0|test\", \"email\": \"jane@example.com\", \"app_metadata\": {} },\n  \"client\": { \"client_id\": \"test\", \"name\": \"Test\" }\n}";

    [FromRoute]
    public string Id { get; set; } = "";

    public JsonObject? Action { get; private set; }

    public IReadOnlyList<JsonObject> Versions { get; private set; } = [];

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? Payload { get; set; } = SamplePayload;

    /// <summary>A secret's name, to add, replace or remove.</summary>
    [BindProperty]
    public string? SecretName { get; set; }

    /// <summary>Typed to set a secret; never filled from storage, never rendered.</summary>
    [BindProperty]
    public string? SecretValue { get; set; }

    [BindProperty]
    public string? DependencyName { get; set; }

    [BindProperty]
    public string? DependencyVersion { get; set; }

    [BindProperty]
    public string? VersionId { get; set; }

    /// <summary>The stored secrets' names and when each was set: the values never leave the service.</summary>
    public IReadOnlyList<JsonObject> Secrets => (Action?["secrets"] as JsonArray ?? []).OfType<JsonObject>().ToList();

    public IReadOnlyList<JsonObject> Dependencies => (Action?["dependencies"] as JsonArray ?? []).OfType<JsonObject>().ToList();

    /// <summary>What the test run answered, indented.</summary>
    public string? TestResult { get; private set; }

    protected override IReadOnlyCollection<string> FormFields => ["code", "payload", "secrets", "dependencies"];

    public async Task<IActionResult> OnGetAsync() => await LoadAsync(fillCode: true) ? Page() : NotFound();

    [Audited("Update an action")]
    public async Task<IActionResult> OnPostSaveAsync()
    {
        var (_, error) = await actions.UpdateAsync(Id, new ActionBodies.Action { Code = Code ?? "" }, HttpContext.RequestAborted);
        return await AfterAsync(error, "Draft saved. Deploy it to run it.", fillCode: error is null);
    }

    [Audited("Deploy an action")]
    public async Task<IActionResult> OnPostDeployAsync()
    {
        var (version, error) = await actions.DeployAsync(Id, HttpContext.RequestAborted);
        return await AfterAsync(error, $"Version {version?["number"]} deployed.", fillCode: true);
    }

    [Audited("Update an action")]
    public async Task<IActionResult> OnPostSetSecretAsync()
    {
        if (await actions.FindAsync(Id, HttpContext.RequestAborted) is null)
        {
            return NotFound();
        }

        // The service takes the whole list: the others by name only (kept as stored), this one with its value, last.
        var name = SecretName?.Trim() ?? "";
        var stored = await KeptSecretsAsync(except: "");
        var kept = stored.Where(s => s.Name != name).ToList();
        var (_, error) = await actions.UpdateAsync(Id, new ActionBodies.Action { Secrets = [.. kept, new ActionBodies.Secret { Name = name, Value = SecretValue ?? "" }] }, HttpContext.RequestAborted);
        SecretValue = null;
        var replaced = kept.Count < stored.Count;
        return await AfterAsync(error, replaced ? $"Secret {name} replaced." : $"Secret {name} added.", fillCode: true);
    }

    [Audited("Update an action")]
    public async Task<IActionResult> OnPostRemoveSecretAsync()
    {
        if (await actions.FindAsync(Id, HttpContext.RequestAborted) is null)
        {
            return NotFound();
        }

        var (_, error) = await actions.UpdateAsync(Id, new ActionBodies.Action { Secrets = await KeptSecretsAsync(except: SecretName ?? "") }, HttpContext.RequestAborted);
        return await AfterAsync(error, $"Secret {SecretName} removed.", fillCode: true);
    }

    [Audited("Update an action")]
    public async Task<IActionResult> OnPostAddDependencyAsync()
    {
        if (!await LoadAsync(fillCode: true))
        {
            return NotFound();
        }

        var dependencies = Dependencies.Select(Dependency).Where(d => d.Name != DependencyName?.Trim()).ToList();
        dependencies.Add(new ActionBodies.Dependency { Name = DependencyName?.Trim() ?? "", Version = string.IsNullOrWhiteSpace(DependencyVersion) ? null : DependencyVersion.Trim() });
        var (_, error) = await actions.UpdateAsync(Id, new ActionBodies.Action { Dependencies = dependencies }, HttpContext.RequestAborted);
        return await AfterAsync(error, $"Dependency {DependencyName} added to the draft.", fillCode: true);
    }

    [Audited("Update an action")]
    public async Task<IActionResult> OnPostRemoveDependencyAsync()
    {
        if (!await LoadAsync(fillCode: true))
        {
            return NotFound();
        }

        var dependencies = Dependencies.Select(Dependency).Where(d => d.Name != DependencyName).ToList();
        var (_, error) = await actions.UpdateAsync(Id, new ActionBodies.Action { Dependencies = dependencies }, HttpContext.RequestAborted);
        return await AfterAsync(error, $"Dependency {DependencyName} removed from the draft.", fillCode: true);
    }

    /// <summary>As <c>POST …/versions/{id}/deploy</c> with <c>update_draft</c>: the old version runs again and the draft becomes it.</summary>
    [Audited("Roll back an action")]
    public async Task<IActionResult> OnPostRollBackAsync()
    {
        var (version, error) = await actions.DeployVersionAsync(Id, VersionId ?? "", updateDraft: true, HttpContext.RequestAborted);
        return await AfterAsync(error, $"Rolled back: version {version?["number"]} deployed, the same as the chosen one; the draft now matches it.", fillCode: true);
    }

    [Audited("Test an action")]
    public async Task<IActionResult> OnPostTestAsync()
    {
        if (!await LoadAsync(fillCode: true))
        {
            return NotFound();
        }

        JsonElement payload;
        try
        {
            payload = JsonDocument.Parse(string.IsNullOrWhiteSpace(Payload) ? "{}" : Payload).RootElement.Clone();
        }
        catch (JsonException e)
        {
            return Refused(AdminError.Invalid(FieldError.At("payload", "Not valid JSON: " + e.Message)));
        }

        var (result, error) = await actions.TestAsync(Id, payload, HttpContext.RequestAborted);
        if (error is not null)
        {
            return Refused(error);
        }

        TestResult = result!.ToJsonString(Indented);
        return Page();
    }

    private async Task<IActionResult> AfterAsync(AdminError? error, string notice, bool fillCode)
    {
        if (!await LoadAsync(fillCode))
        {
            return NotFound();
        }

        if (error is not null)
        {
            return error.Status == 404 ? NotFound() : Refused(error);
        }

        Notice = notice;
        return Page();
    }

    private async Task<List<ActionBodies.Secret>> KeptSecretsAsync(string except)
    {
        var action = await actions.FindAsync(Id, HttpContext.RequestAborted);
        var view = action is null ? null : await actions.ViewAsync(action, HttpContext.RequestAborted);
        return (view?["secrets"] as JsonArray ?? []).OfType<JsonObject>().Select(s => s.String("name") ?? "")
            .Where(n => n != except).Select(n => new ActionBodies.Secret { Name = n }).ToList();
    }

    private static ActionBodies.Dependency Dependency(JsonObject d) => new() { Name = d.String("name"), Version = d.String("version") };

    private async Task<bool> LoadAsync(bool fillCode)
    {
        var action = await actions.FindAsync(Id, HttpContext.RequestAborted);
        if (action is null)
        {
            return false;
        }

        Action = await actions.ViewAsync(action, HttpContext.RequestAborted);
        Versions = (await actions.VersionsAsync(Id, ListQuery.Default with { PerPage = ListQuery.MaxPerPage }, HttpContext.RequestAborted))?.Versions ?? [];
        if (fillCode)
        {
            Code = Action.String("code");
        }

        return true;
    }
}
