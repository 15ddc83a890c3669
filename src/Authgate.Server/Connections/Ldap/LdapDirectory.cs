using System.Text.Json.Nodes;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Connections.Ldap;

/// <summary>
/// The <c>ad</c> strategy: the password is checked by the directory (search as the service account, bind as the
/// entry found); Authgate stores no directory password. Each directory user has a local profile
/// <c>ad|&lt;connection&gt;|&lt;stable id&gt;</c> (objectGUID, else entryUUID, else the DN), refreshed at every good
/// login, so tokens, refresh tokens, blocks and logs work as for database users. A directory that is down or slow is
/// <see cref="LoginOutcome.DirectoryUnavailable"/>, which is not a failed login.
/// </summary>
internal sealed partial class LdapDirectory(AuthDbContext db, WriteGate writes, LdapPools pools, TimeProvider time, ILogger<LdapDirectory> logger) : IPasswordDirectory
{
    public string Strategy => Strategies.Ad;

    public static string UserId(Connection connection, string stableId) => $"ad|{connection.Name}|{stableId}";

    public async Task<LoginResult> AuthenticateAsync(Connection connection, string username, string password, string caller, CancellationToken cancellationToken)
    {
        LdapCheck check;
        try
        {
            // An empty password would be an unauthenticated bind, which directories accept: never send one.
            check = password.Length == 0 || username.Length == 0
                ? new LdapCheck(LdapVerdict.WrongPassword, null)
                : await pools.For(connection).CheckAsync(username, password, cancellationToken);
        }
        catch (LdapUnavailableException e)
        {
            DirectoryUnavailable(logger, connection.Name, e.Message);
            return new LoginResult(null, LoginOutcome.DirectoryUnavailable);
        }

        var userId = check.Entry is { } found ? UserId(connection, found.StableId) : null;
        var local = userId is null ? null : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserId == userId, cancellationToken);
        switch (check.Verdict)
        {
            case LdapVerdict.NotFound:
                return new LoginResult(null, LoginOutcome.UnknownUser);
            case LdapVerdict.WrongPassword:
                return new LoginResult(local, LoginOutcome.WrongPassword);
            case LdapVerdict.Disabled:
                return new LoginResult(local, LoginOutcome.Blocked);
        }

        var user = await RefreshProfileAsync(connection, check.Entry!, userId!, cancellationToken);
        return new LoginResult(user, user.Blocked ? LoginOutcome.Blocked : LoginOutcome.Success);
    }

    /// <summary>Creates or refreshes the local profile from the directory entry; app_metadata keys other than groups are kept.</summary>
    private async Task<User> RefreshProfileAsync(Connection connection, LdapEntry entry, string userId, CancellationToken cancellationToken)
    {
        var (options, _) = LdapConnectionOptions.Parse(connection.OptionsJson);
        string? Field(string name) => options!.AttributeFor(name) is { } attribute ? entry.Attributes.GetValueOrDefault(attribute) : null;
        var now = time.GetUtcNow().UtcDateTime;
        for (var attempt = 0; ; attempt++)
        {
            using var write = await writes.EnterAsync(cancellationToken);
            var user = await db.Users.AsTracking().FirstOrDefaultAsync(u => u.UserId == userId, cancellationToken);
            var isNew = user is null;
            user ??= new User { UserId = userId, ConnectionId = connection.Id, CreatedAt = now };
            var email = Field("email");
            var username = Field("username");
            user.Email = email;
            user.NormalizedEmail = email is null ? null : LoginNames.Normalize(email);
            user.Username = username;
            user.NormalizedUsername = username is null ? null : LoginNames.Normalize(username);
            user.Name = Field("name") ?? UserProfileDefaults.Name(email, username);
            user.GivenName = Field("given_name");
            user.FamilyName = Field("family_name");
            user.Nickname = Field("nickname") ?? UserProfileDefaults.Nickname(email, username);
            user.Picture = Field("picture") ?? UserProfileDefaults.Picture(email, user.Name);
            if (options!.GroupsAttribute is not null)
            {
                var metadata = JsonNode.Parse(user.AppMetadataJson) as JsonObject ?? [];
                metadata["groups"] = new JsonArray(entry.Groups.Select(g => (JsonNode?)JsonValue.Create(g)).ToArray());
                user.AppMetadataJson = metadata.ToJsonString();
            }

            user.UpdatedAt = now;
            if (isNew)
            {
                db.Users.Add(user);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return user;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Another node created the profile at the same moment: update theirs.
                db.ChangeTracker.Clear();
            }
        }
    }

    [LoggerMessage(EventId = 5500, Level = LogLevel.Warning, Message = "Directory of connection {Connection} unavailable: {Reason}")]
    private static partial void DirectoryUnavailable(ILogger logger, string connection, string reason);
}
