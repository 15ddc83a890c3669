using System.Globalization;
using System.Text.Json.Nodes;
using Authgate.Admin;
using Authgate.Admin.AttackProtection;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;

namespace Authgate.Dashboard.Pages.AttackProtection;

/// <summary>
/// Security › Attack Protection: brute force, suspicious IP throttling and breached password detection, each form a
/// <c>PATCH</c> body for <see cref="AttackProtectionService"/>. The three forms share field names (shields,
/// allowlist), so a refusal is shown only on the form that was sent.
/// </summary>
internal sealed class IndexModel(AttackProtectionService protection) : DashboardPage
{
    [BindProperty]
    public bool BruteForceEnabled { get; set; }

    [BindProperty]
    public List<string> BruteForceShields { get; set; } = [];

    [BindProperty]
    public string? BruteForceAllowlist { get; set; }

    [BindProperty]
    public string? BruteForceMode { get; set; }

    [BindProperty]
    public string? BruteForceMaxAttempts { get; set; }

    [BindProperty]
    public bool SuspiciousIpEnabled { get; set; }

    [BindProperty]
    public List<string> SuspiciousIpShields { get; set; } = [];

    [BindProperty]
    public string? SuspiciousIpAllowlist { get; set; }

    [BindProperty]
    public string? LoginMaxAttempts { get; set; }

    [BindProperty]
    public string? LoginRate { get; set; }

    [BindProperty]
    public string? SignupMaxAttempts { get; set; }

    [BindProperty]
    public string? SignupRate { get; set; }

    [BindProperty]
    public bool BreachedEnabled { get; set; }

    [BindProperty]
    public List<string> BreachedShields { get; set; } = [];

    [BindProperty]
    public List<string> BreachedFrequency { get; set; } = [];

    [BindProperty]
    public string? BreachedMethod { get; set; }

    /// <summary>The form that was sent, if any: only its fields show the service's messages.</summary>
    public AttackProtectionKind? Sent { get; private set; }

    protected override IReadOnlyCollection<string> FormFields => Sent switch
    {
        AttackProtectionKind.BruteForce => ["enabled", "shields", "allowlist", "mode", "max_attempts"],
        AttackProtectionKind.SuspiciousIp => ["enabled", "shields", "allowlist", "stage"],
        AttackProtectionKind.BreachedPassword => ["enabled", "shields", "admin_notification_frequency", "method"],
        _ => [],
    };

    /// <summary>The messages for a field of one of the three forms.</summary>
    public IHtmlContent MessagesFor(AttackProtectionKind form, string field) => Sent == form ? FieldMessages(field) : HtmlString.Empty;

    public async Task OnGetAsync()
    {
        foreach (var kind in Enum.GetValues<AttackProtectionKind>())
        {
            await FillAsync(kind);
        }
    }

    [Audited("Update brute force protection settings")]
    public Task<IActionResult> OnPostBruteForceAsync() => SaveAsync(AttackProtectionKind.BruteForce, new JsonObject
    {
        ["enabled"] = BruteForceEnabled,
        ["shields"] = AdminJson.Array(BruteForceShields),
        ["allowlist"] = Lines(BruteForceAllowlist),
        ["mode"] = BruteForceMode ?? "",
        ["max_attempts"] = Number(BruteForceMaxAttempts),
    });

    [Audited("Update suspicious IP throttling settings")]
    public Task<IActionResult> OnPostSuspiciousIpAsync() => SaveAsync(AttackProtectionKind.SuspiciousIp, new JsonObject
    {
        ["enabled"] = SuspiciousIpEnabled,
        ["shields"] = AdminJson.Array(SuspiciousIpShields),
        ["allowlist"] = Lines(SuspiciousIpAllowlist),
        ["stage"] = new JsonObject
        {
            ["pre-login"] = new JsonObject { ["max_attempts"] = Number(LoginMaxAttempts), ["rate"] = Number(LoginRate) },
            ["pre-user-registration"] = new JsonObject { ["max_attempts"] = Number(SignupMaxAttempts), ["rate"] = Number(SignupRate) },
        },
    });

    [Audited("Update breached password detection settings")]
    public Task<IActionResult> OnPostBreachedAsync() => SaveAsync(AttackProtectionKind.BreachedPassword, new JsonObject
    {
        ["enabled"] = BreachedEnabled,
        ["shields"] = AdminJson.Array(BreachedShields),
        ["admin_notification_frequency"] = AdminJson.Array(BreachedFrequency),
        ["method"] = BreachedMethod ?? "",
    });

    private async Task<IActionResult> SaveAsync(AttackProtectionKind kind, JsonObject body)
    {
        Sent = kind;
        foreach (var other in Enum.GetValues<AttackProtectionKind>().Where(k => k != kind))
        {
            await FillAsync(other);
        }

        if (!(await protection.UpdateAsync(kind, body, HttpContext.RequestAborted)).TryGet(out _, out var error))
        {
            return Refused(error);
        }

        await FillAsync(kind);
        Notice = "Settings saved.";
        return Page();
    }

    private async Task FillAsync(AttackProtectionKind kind)
    {
        var settings = await protection.GetAsync(kind, HttpContext.RequestAborted);
        var enabled = settings.Bool("enabled") ?? false;
        var shields = settings.Strings("shields") ?? [];
        switch (kind)
        {
            case AttackProtectionKind.BruteForce:
                BruteForceEnabled = enabled;
                BruteForceShields = shields;
                BruteForceAllowlist = Lines(settings.Strings("allowlist"));
                BruteForceMode = settings.String("mode");
                BruteForceMaxAttempts = Text(settings.Long("max_attempts"));
                break;
            case AttackProtectionKind.SuspiciousIp:
                SuspiciousIpEnabled = enabled;
                SuspiciousIpShields = shields;
                SuspiciousIpAllowlist = Lines(settings.Strings("allowlist"));
                var login = settings.Obj("stage")?.Obj("pre-login");
                var signup = settings.Obj("stage")?.Obj("pre-user-registration");
                LoginMaxAttempts = Text(login?.Long("max_attempts"));
                LoginRate = Text(login?.Long("rate"));
                SignupMaxAttempts = Text(signup?.Long("max_attempts"));
                SignupRate = Text(signup?.Long("rate"));
                break;
            default:
                BreachedEnabled = enabled;
                BreachedShields = shields;
                BreachedFrequency = settings.Strings("admin_notification_frequency") ?? [];
                BreachedMethod = settings.String("method");
                break;
        }
    }

    private static string? Text(long? value) => value?.ToString(CultureInfo.InvariantCulture);
}
