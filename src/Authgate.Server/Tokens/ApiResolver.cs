using Authgate.Hosting;
using Authgate.Management;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Tokens;

/// <summary>
/// Finds the API (resource server) of an audience. The Management API is built in: its audience is
/// <c>{issuer}api/v2/</c>, which follows the issuer, so grants and refresh tokens store it under a fixed name.
/// </summary>
internal sealed class ApiResolver(AuthDbContext db, Issuer issuer)
{
    public const string ManagementStoredAudience = "urn:authgate:management-api";
    public const string ManagementApiId = "management-api";

    public string ManagementAudience => issuer.Url("api/v2/");

    /// <remarks>The stored name is compared first: start-up work must not fix the issuer before Kestrel has bound its port.</remarks>
    public bool IsManagement(string audience) => audience == ManagementStoredAudience || audience == ManagementAudience;

    public string ToStored(string audience) => IsManagement(audience) ? ManagementStoredAudience : audience;

    public string ToWire(string stored) => stored == ManagementStoredAudience ? ManagementAudience : stored;

    public async Task<ResourceServer?> FindAsync(string audience, CancellationToken cancellationToken) =>
        IsManagement(audience)
            ? ManagementApi()
            : await HotQueries.ApiByIdentifier(db, audience);

    public ResourceServer ManagementApi() => ManagementApi(ManagementAudience);

    /// <param name="identifier">The identifier to show: its public URL, or the stored name where the issuer may not be known yet.</param>
    public static ResourceServer ManagementApi(string identifier) => new()
    {
        Id = ManagementApiId,
        Identifier = identifier,
        Name = "Authgate Management API",
        Scopes = ManagementScopes.All.Select(s => new ResourceServerScope { Value = s }).ToList(),
        SigningAlg = SigningAlgorithms.RS256,
        TokenLifetimeSeconds = 86400,
        IsSystem = true,
    };
}
