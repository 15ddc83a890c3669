using Authgate.Admin.Rules;
using Microsoft.AspNetCore.Mvc;

namespace Authgate.Dashboard.Pages.Rules;

internal sealed class EditModel(RuleService rules) : RuleForm
{
    [FromRoute]
    public string Id { get; set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        if (await rules.FindAsync(Id, HttpContext.RequestAborted) is not { } rule)
        {
            return NotFound();
        }

        Fill(rule);
        return Page();
    }

    [Audited("Update a rule")]
    public async Task<IActionResult> OnPostSaveAsync()
    {
        if (!Body().TryGet(out var body, out var invalid))
        {
            return Refused(invalid);
        }

        var (rule, error) = await rules.UpdateAsync(Id, body, HttpContext.RequestAborted);
        if (error is not null)
        {
            return error.Status == 404 ? NotFound() : Refused(error);
        }

        Fill(rule!);
        Notice = "Changes saved.";
        return Page();
    }

    [Audited("Delete a rule")]
    public async Task<IActionResult> OnPostDeleteAsync() =>
        await rules.DeleteAsync(Id, HttpContext.RequestAborted) ? Redirect(Href("rules")) : NotFound();
}
