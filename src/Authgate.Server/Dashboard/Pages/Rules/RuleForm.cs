using System.Globalization;
using Authgate.Admin;
using Authgate.Admin.Rules;
using Authgate.Admin.Schemas;
using Microsoft.AspNetCore.Mvc;

namespace Authgate.Dashboard.Pages.Rules;

/// <summary>The rule form's fields, shared by the list (create) and edit pages, and the body they stand for.</summary>
internal abstract class RuleForm : DashboardPage
{
    public const string SampleScript = "function (user, context, callback) {\n  // context.accessToken['https://example.com/plan'] = user.app_metadata.plan;\n  return callback(null, user, context);\n}\n";

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Script { get; set; }

    [BindProperty]
    public string? Order { get; set; }

    [BindProperty]
    public bool Enabled { get; set; } = true;

    protected override IReadOnlyCollection<string> FormFields => ["name", "script", "order", "enabled"];

    /// <summary>
    /// The body, or the refusal of an order that is not a number: the typed body carries a number, so the text cannot
    /// reach the service; the message is the schema's for a string where a number belongs.
    /// </summary>
    protected AdminResult<RuleBodies.Rule> Body()
    {
        double? order = null;
        if (!string.IsNullOrWhiteSpace(Order))
        {
            if (!double.TryParse(Order.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
            {
                return AdminError.Invalid(FieldError.At("order", "Expected type number but found type string"));
            }

            order = parsed;
        }

        return new RuleBodies.Rule { Name = Name ?? "", Script = Script ?? "", Order = order, Enabled = Enabled };
    }

    protected void Fill(Storage.Entities.Rule rule)
    {
        Name = rule.Name;
        Script = rule.Script;
        Order = rule.Order.ToString(CultureInfo.InvariantCulture);
        Enabled = rule.Enabled;
    }
}
