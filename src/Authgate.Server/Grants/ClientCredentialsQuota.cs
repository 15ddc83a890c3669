using Authgate.Admin;
using Authgate.OAuth;
using Authgate.Protection;
using Authgate.Storage.Entities;

namespace Authgate.Grants;

/// <summary>
/// <c>token_quota.client_credentials</c>: how many client-credentials tokens a client may get per UTC hour and per UTC
/// day, from the client's own quota or, when it has none, the tenant's <c>default_token_quota.clients</c>. Counted in
/// the shared database, so the limit holds across nodes. A quota with <c>enforce: false</c> does not refuse.
/// </summary>
internal sealed class ClientCredentialsQuota(RateLimitCounter counter)
{
    public async Task<OAuthError?> ConsumeAsync(Client client, TenantSettings? tenant, CancellationToken cancellationToken)
    {
        var (perHour, perDay) = Limits(client, tenant);
        if (perHour is { } hourly)
        {
            var decision = await counter.HitAsync($"quota-h|{client.ClientId}", hourly, TimeSpan.FromHours(1), cancellationToken);
            if (!decision.Allowed)
            {
                return OAuthErrors.TokenQuotaExceeded("hour", decision);
            }
        }

        if (perDay is { } daily)
        {
            var decision = await counter.HitAsync($"quota-d|{client.ClientId}", daily, TimeSpan.FromDays(1), cancellationToken);
            if (!decision.Allowed)
            {
                return OAuthErrors.TokenQuotaExceeded("day", decision);
            }
        }

        return null;
    }

    private static (int? PerHour, int? PerDay) Limits(Client client, TenantSettings? tenant)
    {
        if (client.QuotaPerHour is not null || client.QuotaPerDay is not null)
        {
            return (client.QuotaPerHour, client.QuotaPerDay);
        }

        // Read the documents only when the tenant has a default at all: the common case costs a string search.
        if (tenant is null || !tenant.Document.Contains("default_token_quota", StringComparison.Ordinal)
            || AdminJson.Object(client.Document).ContainsKey("token_quota"))
        {
            return (null, null);
        }

        var quota = AdminJson.Object(tenant.Document).Obj("default_token_quota")?.Obj("clients")?.Obj("client_credentials");
        return quota is not null && (quota.Bool("enforce") ?? true) ? (quota.Int("per_hour"), quota.Int("per_day")) : (null, null);
    }
}
