using System.Text.Json.Nodes;
using Authgate.Admin;
using Authgate.Admin.ClientGrants;
using Authgate.Admin.Clients;
using Authgate.OAuth;
using Authgate.Security;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Authgate.Tokens;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Authgate.Management;

/// <summary>
/// Makes sure a management application exists: a machine-to-machine client with a client grant for every scope
/// of the Management API. Created on the first start (or when the configured client id is missing), through the same
/// services as any other client and grant.
/// </summary>
internal sealed class ManagementBootstrap(AuthDbContext db, HotConnections rawConnections, ClientService clients, ClientGrantService grants, IOptions<BootstrapOptions> options)
{
    public sealed record Created(string ClientId, string ClientSecret, bool SecretGenerated);

    public async Task<Created?> EnsureAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value;
        if (!await IsNeededAsync(rawConnections, configured, cancellationToken))
        {
            return null;
        }

        var secret = configured.ClientSecret is { Length: > 0 } given ? given : RandomValues.Secret();
        var body = new JsonObject
        {
            ["name"] = "Authgate Management Client",
            ["description"] = "Created on first start to call the Management API (client credentials).",
            ["client_secret"] = secret,
            ["app_type"] = AppTypes.NonInteractive,
            ["token_endpoint_auth_method"] = ClientAuthMethods.ClientSecretPost,
            ["grant_types"] = new JsonArray(GrantTypes.ClientCredentials),
        };
        if (configured.ClientId is { Length: > 0 } clientId)
        {
            body["client_id"] = clientId;
        }

        var client = Check(clients.Prepare(body, import: true)).Client;
        var grant = Check(grants.Prepare(
            new JsonObject { ["client_id"] = client.ClientId, ["audience"] = ApiResolver.ManagementStoredAudience, ["scope"] = AdminJson.Array(ManagementScopes.All) },
            _ => ApiResolver.ManagementApi(ApiResolver.ManagementStoredAudience),
            _ => true));
        // Outside EF's change tracker: on a first start without a seed this is the process's first write (see NewRows).
        await NewRows.InsertAsync(db, [client, grant], cancellationToken);
        return new Created(client.ClientId, secret, configured.ClientSecret is not { Length: > 0 });
    }

    /// <summary>
    /// True when the management application is missing. Outside EF, and static so that a start on an existing
    /// database resolves no service that takes a DbContext (see <see cref="HotConnections.RowsAsync"/>).
    /// </summary>
    public static async Task<bool> IsNeededAsync(HotConnections connections, BootstrapOptions configured, CancellationToken cancellationToken)
    {
        var exists = configured.ClientId is { Length: > 0 } id
            ? await connections.RowsAsync("SELECT 1 FROM clients WHERE client_id = @id LIMIT 1", cancellationToken, ("@id", id))
            : await connections.RowsAsync("SELECT 1 FROM client_grants WHERE audience = @audience LIMIT 1", cancellationToken, ("@audience", ApiResolver.ManagementStoredAudience));
        return exists.Count == 0;
    }

    /// <summary>Bootstrap settings that fail validation (a short secret, a malformed id) stop the start with their message.</summary>
    private static T Check<T>(AdminResult<T> result) where T : class =>
        result.TryGet(out var value, out var error) ? value : throw new InvalidOperationException($"Authgate:Bootstrap: {error.Message}");
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
