using System.Text.Json.Nodes;
using Authgate.Admin.SigningKeys;
using Microsoft.AspNetCore.Mvc;

namespace Authgate.Dashboard.Pages.Keys;

internal sealed class IndexModel(SigningKeyService keys) : DashboardPage
{
    public IReadOnlyList<JsonObject> Keys { get; private set; } = [];

    public async Task OnGetAsync() => Keys = await keys.ListAsync(HttpContext.RequestAborted);

    [Audited("Rotate the signing key")]
    public async Task<IActionResult> OnPostRotateAsync()
    {
        var rotated = await keys.RotateAsync(HttpContext.RequestAborted);
        Keys = await keys.ListAsync(HttpContext.RequestAborted);
        Notice = $"Rotated: {rotated["kid"]} now signs tokens.";
        return Page();
    }

    [Audited("Revoke a signing key")]
    public async Task<IActionResult> OnPostRevokeAsync(string kid)
    {
        var result = await keys.RevokeAsync(kid, HttpContext.RequestAborted);
        Keys = await keys.ListAsync(HttpContext.RequestAborted);
        if (!result.TryGet(out _, out var error))
        {
            return Refused(error);
        }

        Notice = $"Revoked {kid}.";
        return Page();
    }
}
