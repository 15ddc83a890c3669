using System.Text.Json.Nodes;
using Authgate.Admin;
using Authgate.Admin.Lists;
using Authgate.Admin.Rules;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Authgate.Dashboard.Pages.Rules;

/// <summary>
/// Auth Pipeline › Rules: the rules in the order they run, on/off, a new rule, and the rules' settings (rules-configs:
/// keys only, values are write-only), through <see cref="RuleService"/>.
/// </summary>
internal sealed class IndexModel(RuleService rules) : RuleForm
{
    public IReadOnlyList<JsonObject> Items { get; private set; } = [];

    [BindProperty]
    public string? Id { get; set; }

    /// <summary>The rules-configs keys; their values are never read back.</summary>
    public IReadOnlyList<string> ConfigKeys { get; private set; } = [];

    [BindProperty]
    public string? ConfigKey { get; set; }

    /// <summary>Typed to set a value; never filled, never rendered.</summary>
    [BindProperty]
    public string? ConfigValue { get; set; }

    protected override IReadOnlyCollection<string> FormFields => [.. base.FormFields, "config"];

    public async Task OnGetAsync()
    {
        Script = SampleScript;
        await LoadAsync();
    }

    [Audited("Create a rule")]
    public async Task<IActionResult> OnPostCreateAsync()
    {
        await LoadAsync();
        if (!Body().TryGet(out var body, out var invalid))
        {
            return Refused(invalid);
        }

        var (created, error) = await rules.CreateAsync(body, HttpContext.RequestAborted);
        return error is null ? Redirect(Href("rules/edit/" + Escape(created!.Id))) : Refused(error);
    }

    [Audited("Update a rule")]
    public async Task<IActionResult> OnPostToggleAsync()
    {
        var (_, error) = await rules.UpdateAsync(Id ?? "", new RuleBodies.Rule { Enabled = Enabled }, HttpContext.RequestAborted);
        await LoadAsync();
        Script = SampleScript;
        Name = null;
        if (error is not null)
        {
            return Refused(error);
        }

        Notice = Enabled ? "Rule enabled." : "Rule disabled.";
        return Page();
    }

    [Audited("Set a rules config")]
    public async Task<IActionResult> OnPostSetConfigAsync()
    {
        var key = ConfigKey?.Trim() ?? "";
        var (_, error) = await rules.SetConfigAsync(key, new RuleBodies.Config { Value = ConfigValue ?? "" }, HttpContext.RequestAborted);
        await AfterConfigAsync();
        // The key and the value are one form: the service's message (it names key or value) goes beside it.
        return error is null ? Done($"Setting {key} saved.") : RefusedAt("config", error.Message);
    }

    [Audited("Delete a rules config")]
    public async Task<IActionResult> OnPostDeleteConfigAsync()
    {
        var deleted = await rules.DeleteConfigAsync(ConfigKey ?? "", HttpContext.RequestAborted);
        await AfterConfigAsync();
        return deleted ? Done($"Setting {ConfigKey} deleted.") : RefusedAt("config", "The rules config does not exist.");
    }

    private async Task AfterConfigAsync()
    {
        await LoadAsync();
        (Script, Name, ConfigValue) = (SampleScript, null, null);
    }

    private PageResult Done(string notice)
    {
        Notice = notice;
        ConfigKey = null;
        return Page();
    }

    private async Task LoadAsync()
    {
        Items = (await rules.ListAsync(ListQuery.Default with { PerPage = ListQuery.MaxPerPage }, null, HttpContext.RequestAborted)).Rules;
        ConfigKeys = (await rules.ConfigKeysAsync(HttpContext.RequestAborted)).Select(c => c.String("key") ?? "").ToList();
    }
}
