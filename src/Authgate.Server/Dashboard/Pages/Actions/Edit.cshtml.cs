using System.Text.Json;
using System.Text.Json.Nodes;
using Authgate.Admin;
using Authgate.Admin.Actions;
using Authgate.Admin.Lists;
using Authgate.Admin.Schemas;
using Microsoft.AspNetCore.Mvc;

namespace Authgate.Dashboard.Pages.Actions;

/// <summary>One Action: its draft code in a plain textarea, deploy, the versions, and a test run with a sample event.</summary>
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

    /// <summary>What the test run answered, indented.</summary>
    public string? TestResult { get; private set; }

    protected override IReadOnlyCollection<string> FormFields => ["code", "payload"];

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

    private async Task<IActionResult> AfterAsync(Management.ManagementError? error, string notice, bool fillCode)
    {
        if (!await LoadAsync(fillCode))
        {
            return NotFound();
        }

        if (error is not null)
        {
            return error.StatusCode == 404 ? NotFound() : Refused(error);
        }

        Notice = notice;
        return Page();
    }

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
