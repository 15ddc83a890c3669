using System.Text.Json.Nodes;
using Authgate.Admin.Lists;
using Authgate.Admin.Rules;
using Microsoft.AspNetCore.Mvc;

namespace Authgate.Dashboard.Pages.Rules;

/// <summary>Auth Pipeline › Rules: the rules in the order they run, on/off, and a new rule, through <see cref="RuleService"/>.</summary>
internal sealed class IndexModel(RuleService rules) : RuleForm
{
    public IReadOnlyList<JsonObject> Items { get; private set; } = [];

    [BindProperty]
    public string? Id { get; set; }

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

    private async Task LoadAsync() =>
        Items = (await rules.ListAsync(ListQuery.Default with { PerPage = ListQuery.MaxPerPage }, null, HttpContext.RequestAborted)).Rules;
}
