using Authgate.Admin;
using Authgate.Admin.Schemas;
using Authgate.Dashboard.Accounts;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Authgate.Dashboard;

/// <summary>
/// The base of every dashboard page: the signed-in administrator, links under the configured path, and the admin
/// services' errors, each shown beside the form field it names (the rest above the form).
/// </summary>
internal abstract class DashboardPage : PageModel
{
    private readonly List<FieldError> fieldErrors = [];

    public SignedInAdmin? Admin => HttpContext.Items[typeof(SignedInAdmin)] as SignedInAdmin;

    /// <summary>An error not tied to a field shown on the page.</summary>
    public string? Failure { get; set; }

    /// <summary>A one-line confirmation after a change.</summary>
    public string? Notice { get; set; }

    public bool HasErrors => Failure is not null || fieldErrors.Count > 0;

    /// <summary>The body fields this page's form shows; errors on other paths go above the form.</summary>
    protected virtual IReadOnlyCollection<string> FormFields => [];

    public string Href(string relative = "") =>
        HttpContext.RequestServices.GetRequiredService<IOptions<DashboardOptions>>().Value.Path + (relative.Length == 0 ? "" : "/" + relative);

    public static string Escape(string value) => Uri.EscapeDataString(value);

    /// <summary>A list typed one per line or comma-separated, as a JSON array (blank entries dropped).</summary>
    public static System.Text.Json.Nodes.JsonArray Lines(string? text) =>
        AdminJson.Array((text ?? "").Split(['\n', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>A list shown in a textarea, one per line.</summary>
    public static string Lines(IEnumerable<string>? values) => string.Join('\n', values ?? []);

    /// <summary>A whole number typed in a form, or the text itself so the service's schema reports it.</summary>
    public static System.Text.Json.Nodes.JsonNode? Number(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : long.TryParse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : text.Trim();

    /// <summary>Takes an admin service's refusal for display; returns the page.</summary>
    public PageResult Refused(AdminError error)
    {
        if (error.Fields is { Count: > 0 } fields)
        {
            fieldErrors.AddRange(fields);
        }
        else
        {
            Failure = error.Message;
        }

        return Page();
    }

    /// <summary>
    /// Takes the refusal of a body a second form on the page stands for (a credential, a secret): its field paths are
    /// put under <paramref name="form"/> so they land beside that form's fields, not the main form's of the same name.
    /// </summary>
    public PageResult Refused(AdminError error, string form) =>
        Refused(error with { Fields = error.Fields?.Select(f => f.Under(form)).ToList() });

    /// <summary>A refusal the page itself gives for one field (a choice the service cannot see in the body).</summary>
    public PageResult RefusedAt(string field, string message)
    {
        fieldErrors.Add(FieldError.At(field, message));
        return Page();
    }

    /// <summary>
    /// Takes a refusal on a form with one field its un-named messages can be about (a permission not defined on the
    /// API, a name taken): shown beside <paramref name="field"/> rather than above the form.
    /// </summary>
    public PageResult RefusedBeside(AdminError error, string field) =>
        error.Fields is { Count: > 0 } ? Refused(error) : RefusedAt(field, error.Message);

    /// <summary>The messages for one field (its body path, or anything under it).</summary>
    public IEnumerable<string> ErrorsFor(string field) =>
        fieldErrors.Where(e => Matches(e.Path, field)).Select(e => e.Message).Distinct();

    /// <summary>The field's messages as markup placed right after its input.</summary>
    public Microsoft.AspNetCore.Html.IHtmlContent FieldMessages(string field)
    {
        var messages = ErrorsFor(field).Select(m => $"<span class=\"field-error\">{System.Net.WebUtility.HtmlEncode(m)}</span>");
        return new Microsoft.AspNetCore.Html.HtmlString(string.Concat(messages));
    }

    /// <summary>Messages that no field on the form shows.</summary>
    public IEnumerable<string> OtherErrors()
    {
        var others = fieldErrors.Where(e => !FormFields.Any(f => Matches(e.Path, f))).Select(e => e.Path.Length == 0 ? e.Message : $"{e.Path}: {e.Message}");
        return Failure is null ? others.Distinct() : others.Prepend(Failure).Distinct();
    }

    private static bool Matches(string path, string field) =>
        path == field || (path.StartsWith(field, StringComparison.Ordinal) && path.Length > field.Length && path[field.Length] is '.' or '[');
}
