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

    public bool IsManagement(string audience) => audience == ManagementAudience || audience == ManagementStoredAudience;

    public string ToStored(string audience) => IsManagement(audience) ? ManagementStoredAudience : audience;

    public string ToWire(string stored) => stored == ManagementStoredAudience ? ManagementAudience : stored;

    public async Task<ResourceServer?> FindAsync(string audience, CancellationToken cancellationToken) =>
        IsManagement(audience)
            ? ManagementApi()
            : await HotQueries.ApiByIdentifier(db, audience);

    public ResourceServer ManagementApi() => new()
    {
        Id = ManagementApiId,
        Identifier = ManagementAudience,
        Name = "Auth0 Management API",
        Scopes = ManagementScopes.All.Select(s => new ResourceServerScope { Value = s }).ToList(),
        SigningAlg = SigningAlgorithms.RS256,
        TokenLifetimeSeconds = 86400,
        IsSystem = true,
    };
}
