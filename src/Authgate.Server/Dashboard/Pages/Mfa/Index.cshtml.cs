using System.Text.Json.Nodes;
using Authgate.Admin;
using Authgate.Admin.Guardian;
using Authgate.Mfa;
using Microsoft.AspNetCore.Mvc;

namespace Authgate.Dashboard.Pages.Mfa;

/// <summary>Security › Multi-factor Auth: the factors (on or off) and the policy, through the Guardian services.</summary>
internal sealed class IndexModel(GuardianFactorService factors, GuardianPolicyService policies) : DashboardPage
{
    public const string Never = "never";
    public const string Always = "always";
    public const string Adaptive = "adaptive";

    public IReadOnlyList<JsonObject> Factors { get; private set; } = [];

    [BindProperty]
    public string? Factor { get; set; }

    [BindProperty]
    public bool Enabled { get; set; }

    [BindProperty]
    public string? Policy { get; set; }

    public async Task OnGetAsync() => await LoadAsync(policy: true);

    [Audited("Update a Guardian factor")]
    public async Task<IActionResult> OnPostFactorAsync()
    {
        var (_, error) = await factors.SetAsync(Factor ?? "", new GuardianBodies.Factor { Enabled = Enabled }, HttpContext.RequestAborted);
        await LoadAsync(policy: true);
        if (error is not null)
        {
            return Refused(error);
        }

        Notice = $"The {Factor} factor is {(Enabled ? "on" : "off")}.";
        return Page();
    }

    [Audited("Set the Guardian policies")]
    public async Task<IActionResult> OnPostPolicyAsync()
    {
        // The three choices of Auth0's dashboard, as the policies array the Management API takes; anything else is
        // passed as typed so the service names it.
        var body = Policy switch
        {
            Never => new JsonArray(),
            Always => new JsonArray(MfaPolicies.AllApplications),
            Adaptive => new JsonArray(MfaPolicies.ConfidenceScore),
            _ => new JsonArray(Policy),
        };
        var (_, error) = await policies.SetAsync(body, HttpContext.RequestAborted);
        await LoadAsync(policy: error is null);
        if (error is not null)
        {
            return Refused(error);
        }

        Notice = "MFA policy saved.";
        return Page();
    }

    private async Task LoadAsync(bool policy)
    {
        Factors = (await factors.ListAsync(HttpContext.RequestAborted)).OfType<JsonObject>().ToList();
        if (policy)
        {
            var current = (await policies.GetAsync(HttpContext.RequestAborted)).Select(p => p?.GetValue<string>()).ToList();
            Policy = current.Contains(MfaPolicies.AllApplications) ? Always : current.Contains(MfaPolicies.ConfidenceScore) ? Adaptive : Never;
        }
    }

    public static bool Available(string name) => GuardianFactorNames.Available.Contains(name);
}
