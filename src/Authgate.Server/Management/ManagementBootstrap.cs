using Authgate.Management;
using Authgate.OAuth;
using Authgate.Security;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Authgate.Tenants;
using Authgate.Tokens;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Authgate.Management;

/// <summary>
/// Makes sure a management application exists: a machine-to-machine client with a client grant for every scope
/// of the Management API. Created on the first start (or when the configured client id is missing).
/// </summary>
internal sealed class ManagementBootstrap(AuthDbContext db, TenantObjects objects, IOptions<BootstrapOptions> options, TimeProvider time)
{
    public sealed record Created(string ClientId, string ClientSecret, bool SecretGenerated);

    public async Task<Created?> EnsureAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value;
        var hasManagementGrant = await db.ClientGrants.AnyAsync(g => g.Audience == ApiResolver.ManagementStoredAudience, cancellationToken);
        if (configured.ClientId is { Length: > 0 } id ? await db.Clients.AnyAsync(c => c.ClientId == id, cancellationToken) : hasManagementGrant)
        {
            return null;
        }

        var secret = configured.ClientSecret is { Length: > 0 } given ? given : RandomValues.Secret();
        var now = time.GetUtcNow().UtcDateTime;
        var client = objects.Client(new TenantFile.ClientSection
        {
            Name = "Authgate Management Client",
            Description = "Created on first start to call the Management API (client credentials).",
            ClientId = configured.ClientId is { Length: > 0 } ? configured.ClientId : null,
            ClientSecret = secret,
            AppType = AppTypes.NonInteractive,
            TokenEndpointAuthMethod = ClientAuthMethods.ClientSecretPost,
            GrantTypes = [GrantTypes.ClientCredentials],
        }, "Authgate:Bootstrap", now);
        db.Clients.Add(client);
        db.ClientGrants.Add(TenantObjects.ClientGrant(client.ClientId, ApiResolver.ManagementStoredAudience, ManagementScopes.All, ManagementScopes.All, "Authgate:Bootstrap", now));
        await db.SaveChangesAsync(cancellationToken);
        return new Created(client.ClientId, secret, configured.ClientSecret is not { Length: > 0 });
    }

    public const string CredentialsFile = "bootstrap-credentials.json";

    /// <summary>
    /// The line printed once at creation. A generated secret is not kept anywhere in plain text by the server: it is
    /// printed (Development) or written to an owner-only file in the data directory (Production), never both.
    /// </summary>
    public static string Announce(Created created, string dataDirectory, bool showSecrets)
    {
        if (!created.SecretGenerated)
        {
            return $"Management application created: client_id {created.ClientId} (secret from configuration)";
        }

        if (showSecrets)
        {
            return $"Management application created: client_id {created.ClientId}, client_secret {created.ClientSecret} (shown once; rotate it with POST /api/v2/clients/{{id}}/rotate-secret)";
        }

        PrivateFiles.CreateDirectory(dataDirectory);
        var path = Path.GetFullPath(Path.Combine(dataDirectory, CredentialsFile));
        using (var stream = new FileStream(path, PrivateFiles.NewFile(FileMode.Create)))
        {
            System.Text.Json.JsonSerializer.Serialize(stream, new Dictionary<string, string> { ["client_id"] = created.ClientId, ["client_secret"] = created.ClientSecret });
        }

        return $"Management application created: client_id {created.ClientId}; its secret is in {path} (readable by this user only: store it elsewhere, then delete the file)";
    }
}
