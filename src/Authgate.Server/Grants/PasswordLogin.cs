using Authgate.Connections;
using Authgate.Hosting;
using Authgate.Issuance;
using Authgate.Logs;
using Authgate.OAuth;
using Authgate.Protection;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Authgate.Tokens;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Grants;

/// <summary>
/// The validation shared by the <c>password</c> and <c>password-realm</c> grants, in order: parameters, connection,
/// audience, the password check; then the one issuance step (<see cref="TokenIssuance"/>).
/// </summary>
internal sealed class PasswordLogin(
    RequestStorage storage,
    PasswordDirectories directories,
    LoginProtection protection,
    TokenIssuance issuance,
    ApiResolver apis,
    ApiAccess access,
    Issuer issuer)
{
    /// <param name="realm">The connection named by the request, or null to use the tenant's default directory.</param>
    public async Task<GrantResult> LoginAsync(GrantContext context, string? realm, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var username = request[OAuthParameters.Username];
        if (username is null)
        {
            return OAuthErrors.MissingParameter(OAuthParameters.Username);
        }

        var password = request[OAuthParameters.Password];
        if (password is null)
        {
            return OAuthErrors.MissingParameter(OAuthParameters.Password);
        }

        var tenant = await HotQueries.Tenant(storage);
        var connectionName = realm ?? tenant?.DefaultDirectory;
        if (connectionName is null)
        {
            return OAuthErrors.NoDefaultConnection();
        }

        var audience = request[OAuthParameters.Audience] ?? request[OAuthParameters.Resource] ?? tenant?.DefaultAudience;
        ResourceServer? api = null;
        if (audience is not null && audience != issuer.UserInfoAudience)
        {
            api = await apis.FindAsync(audience, cancellationToken);
            if (api is null)
            {
                return OAuthErrors.ServiceNotFound(audience);
            }
        }

        var apiAccess = api is null ? ApiAccess.Decision.Allowed : await access.ForUserAsync(context.Client, api, apis.ToStored(api.Identifier));
        if (apiAccess.Error is { } denied)
        {
            return GrantResult.Failure(denied, new GrantAudit(Audience: api?.Identifier));
        }

        // A realm names a connection by its name or by one of its realms.
        var connection = await HotQueries.ConnectionByName(storage, connectionName)
            ?? (realm is not null ? await HotQueries.ConnectionByRealm(storage, realm) : null);
        if (connection is null)
        {
            return OAuthErrors.ConnectionNotFound();
        }

        if (!directories.Supports(connection))
        {
            return OAuthErrors.ConnectionCannotCheckPasswords();
        }

        if (!Connections.ConnectionOptions.Parse(connection.OptionsJson).PasswordLoginEnabled)
        {
            return OAuthErrors.PasswordLoginDisabled();
        }

        if (!connection.EnabledClients.Contains(context.Client.ClientId))
        {
            return OAuthErrors.ConnectionDisabled();
        }

        // A full hashing lane would refuse a database connection's check anyway: say so before any lookup or counter
        // write, so a flood costs as little as possible of what the other requests need. (A directory binds instead.)
        var caller = $"{context.Client.ClientId}|{context.EndUserIp}";
        if (connection.Strategy == Strategies.Auth0 && !protection.HashingHasRoom(caller))
        {
            return GrantResult.Failure(protection.HashingBusy(), new GrantAudit(Connection: connection, Audience: api?.Identifier));
        }

        var account = await directories.FindAsync(connection, username, cancellationToken);
        var (attempt, refused) = await protection.BeginAsync(context.Client, connection, username, account, context.EndUserIp, cancellationToken);
        if (refused is not null)
        {
            return GrantResult.Failure(refused, new GrantAudit(Connection: connection, Audience: api?.Identifier));
        }

        var login = await directories.AuthenticateAsync(connection, account, username, password, caller, cancellationToken);
        var verdict = await protection.CompleteAsync(attempt, login, password, cancellationToken);
        var audit = new GrantAudit(User: login.User, Connection: connection, Audience: api?.Identifier) { Details = login.Details };
        switch (login.Outcome)
        {
            case LoginOutcome.Rejected:
                return GrantResult.Failure(protection.HashingBusy(), audit);
            case LoginOutcome.DirectoryUnavailable:
                return GrantResult.Failure(login.Error ?? OAuthErrors.DirectoryUnavailable(), audit);
            case LoginOutcome.UnknownUser:
                return GrantResult.Failure(OAuthErrors.WrongCredentials(), audit with { EventType = LogEventTypes.FailedLoginUnknownUser });
            case LoginOutcome.WrongPassword:
                return GrantResult.Failure(OAuthErrors.WrongCredentials(), audit with { EventType = LogEventTypes.FailedLoginWrongPassword });
            case LoginOutcome.Blocked:
                return GrantResult.Failure(OAuthErrors.UserBlocked(), audit);
        }

        if (verdict is not null)
        {
            return GrantResult.Failure(verdict, audit);
        }

        var user = login.User!;
        await directories.RecordLoginAsync(user, context.EndUserIp, cancellationToken);
        var issued = await issuance.IssueAsync(new IssuanceRequest
        {
            Context = context,
            Flow = IssuanceFlow.Password,
            User = user,
            Connection = connection,
            Api = api,
            ScopeLimit = apiAccess.Scopes,
        }, cancellationToken);
        return login.Details is null ? issued : issued with { Audit = WithDetails(issued.Audit ?? audit, login.Details) };
    }

    /// <summary>The directory's details (a custom script's run) next to what issuance recorded (Actions).</summary>
    private static GrantAudit WithDetails(GrantAudit audit, System.Text.Json.Nodes.JsonObject details)
    {
        var merged = audit.Details?.DeepClone().AsObject() ?? [];
        foreach (var (key, value) in details)
        {
            merged[key] = value?.DeepClone();
        }

        return audit with { Details = merged };
    }
}
