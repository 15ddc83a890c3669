using System.Text.Json.Nodes;
using Authgate.Admin;
using Authgate.Admin.Actions;
using Authgate.Admin.Lists;
using Microsoft.AspNetCore.Mvc;
using Triggers = Authgate.Actions.Triggers;

namespace Authgate.Dashboard.Pages.Actions;

/// <summary>
/// Actions › Library and Flows: the Actions, a new one, and each trigger's bindings in order. Binding changes are
/// the whole ordered list handed to <see cref="ActionService.ReplaceBindingsAsync"/>, as Auth0's flow editor sends it.
/// </summary>
internal sealed class IndexModel(ActionService actions) : DashboardPage
{
    public const string SampleCode = "exports.onExecutePostLogin = async (event, api) => {\n  // api.accessToken.setCustomClaim('https://example.com/plan', event.user.app_metadata.plan);\n};\n";

    public IReadOnlyList<JsonObject> Items { get; private set; } = [];

    public IReadOnlyDictionary<string, List<JsonObject>> Bindings { get; private set; } = new Dictionary<string, List<JsonObject>>();

    public static IReadOnlyList<string> BindableTriggers => Triggers.Bindable;

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string Trigger { get; set; } = Triggers.PostLogin;

    [BindProperty]
    public string? Code { get; set; } = SampleCode;

    [BindProperty]
    public string? ActionId { get; set; }

    [BindProperty]
    public string? BindingId { get; set; }

    protected override IReadOnlyCollection<string> FormFields => ["name", "supported_triggers", "code"];

    public async Task OnGetAsync() => await LoadAsync();

    [Audited("Create an action")]
    public async Task<IActionResult> OnPostCreateAsync()
    {
        var body = new ActionBodies.Action
        {
            Name = Name ?? "",
            Code = Code ?? "",
            SupportedTriggers = [new ActionBodies.Trigger { Id = Trigger, Version = Triggers.Known.Contains(Trigger) ? Triggers.Version(Trigger) : null }],
        };
        var (created, error) = await actions.CreateAsync(body, HttpContext.RequestAborted);
        if (error is not null)
        {
            await LoadAsync();
            return Refused(error);
        }

        return Redirect(Href("actions/edit/" + Escape(created!.String("id")!)));
    }

    [Audited("Update trigger bindings")]
    public Task<IActionResult> OnPostBindAsync() =>
        ReplaceAsync(current => [.. current, Ref("action_id", ActionId ?? "")], "Action bound.");

    [Audited("Update trigger bindings")]
    public Task<IActionResult> OnPostUnbindAsync() =>
        ReplaceAsync(current => current.Where(b => b.Ref!.Value != BindingId).ToList(), "Action unbound.");

    [Audited("Update trigger bindings")]
    public Task<IActionResult> OnPostMoveUpAsync() => ReplaceAsync(current =>
    {
        var index = current.FindIndex(b => b.Ref!.Value == BindingId);
        if (index > 0)
        {
            (current[index - 1], current[index]) = (current[index], current[index - 1]);
        }

        return current;
    }, "Order saved.");

    private async Task<IActionResult> ReplaceAsync(Func<List<ActionBodies.Binding>, List<ActionBodies.Binding>> change, string notice)
    {
        var current = await actions.BindingsAsync(Trigger, ListQuery.Default with { PerPage = ListQuery.MaxPerPage }, HttpContext.RequestAborted) is { } found
            ? found.Bindings.Select(b => Ref("binding_id", b.String("id")!)).ToList()
            : [];
        var (_, error) = await actions.ReplaceBindingsAsync(Trigger, new ActionBodies.Bindings { Items = change(current) }, HttpContext.RequestAborted);
        await LoadAsync();
        if (error is not null)
        {
            return Refused(error);
        }

        Notice = notice;
        return Page();
    }

    private static ActionBodies.Binding Ref(string type, string value) => new() { Ref = new ActionBodies.BindingRef { Type = type, Value = value } };

    private async Task LoadAsync()
    {
        var all = ListQuery.Default with { PerPage = ListQuery.MaxPerPage };
        Items = (await actions.ListAsync(all, null, null, null, HttpContext.RequestAborted)).Actions;
        var bindings = new Dictionary<string, List<JsonObject>>();
        foreach (var trigger in Triggers.Bindable)
        {
            bindings[trigger] = (await actions.BindingsAsync(trigger, all, HttpContext.RequestAborted))?.Bindings ?? [];
        }

        Bindings = bindings;
    }

    public static IEnumerable<string> TriggersOf(JsonObject action) =>
        (action["supported_triggers"] as JsonArray ?? []).OfType<JsonObject>().Select(t => t.String("id")).OfType<string>();
}
