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
internal sealed partial class LdapDirectory(RequestStorage storage, WriteGate writes, LdapPools pools, TimeProvider time, ILogger<LdapDirectory> logger) : IPasswordDirectory
{
    public string Kind => Strategies.Ad;

    public static string UserId(Connection connection, string stableId) => $"ad|{connection.Name}|{stableId}";

    public async Task<LoginResult> AuthenticateAsync(Connection connection, User? account, string username, string password, string caller, CancellationToken cancellationToken)
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
        var local = userId is null ? null : await storage.Context.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserId == userId, cancellationToken);
        switch (check.Verdict)
        {
            case LdapVerdict.NotFound:
                return new LoginResult(null, LoginOutcome.UnknownUser);
            case LdapVerdict.WrongPassword:
                return new LoginResult(local, LoginOutcome.WrongPassword);
            case LdapVerdict.Disabled:
                return new LoginResult(local, LoginOutcome.Blocked);
        }

        var user = await RefreshProfileAsync(connection, check.Entry!, userId!, local, cancellationToken);
        return new LoginResult(user, user.Blocked ? LoginOutcome.Blocked : LoginOutcome.Success);
    }

    /// <summary>
    /// Creates or refreshes the local profile from the directory entry; app_metadata keys other than groups are kept.
    /// An unchanged profile is not written.
    /// </summary>
    private async Task<User> RefreshProfileAsync(Connection connection, LdapEntry entry, string userId, User? local, CancellationToken cancellationToken)
    {
        var (options, _) = LdapConnectionOptions.Parse(connection.OptionsJson);
        string? Field(string name) => options!.AttributeFor(name) is { } attribute ? entry.Attributes.GetValueOrDefault(attribute) : null;
        var now = time.GetUtcNow().UtcDateTime;
        var email = Field("email");
        var username = Field("username");
        var name = Field("name") ?? UserProfileDefaults.Name(email, username);
        var profile = new User
        {
            UserId = userId,
            ConnectionId = connection.Id,
            Email = email,
            NormalizedEmail = email is null ? null : LoginNames.Normalize(email),
            Username = username,
            NormalizedUsername = username is null ? null : LoginNames.Normalize(username),
            Name = name,
            GivenName = Field("given_name"),
            FamilyName = Field("family_name"),
            Nickname = Field("nickname") ?? UserProfileDefaults.Nickname(email, username),
            Picture = Field("picture") ?? UserProfileDefaults.Picture(email, name),
            AppMetadataJson = local?.AppMetadataJson ?? "{}",
            UserMetadataJson = local?.UserMetadataJson ?? "{}",
            Blocked = local?.Blocked ?? false,
            CreatedAt = local?.CreatedAt ?? now,
            UpdatedAt = now,
            LastLogin = local?.LastLogin,
            LastIp = local?.LastIp,
            LoginsCount = local?.LoginsCount ?? 0,
        };
        if (options!.GroupsAttribute is not null)
        {
            var metadata = JsonNode.Parse(profile.AppMetadataJson) as JsonObject ?? [];
            metadata["groups"] = new JsonArray(entry.Groups.Select(g => (JsonNode?)JsonValue.Create(g)).ToArray());
            profile.AppMetadataJson = metadata.ToJsonString();
        }

        if (local is not null && SameProfile(local, profile))
        {
            return local;
        }

        using var write = await writes.EnterAsync(cancellationToken);
        var updated = await storage.Context.Users.Where(u => u.UserId == userId).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.Email, profile.Email)
            .SetProperty(u => u.NormalizedEmail, profile.NormalizedEmail)
            .SetProperty(u => u.Username, profile.Username)
            .SetProperty(u => u.NormalizedUsername, profile.NormalizedUsername)
            .SetProperty(u => u.Name, profile.Name)
            .SetProperty(u => u.GivenName, profile.GivenName)
            .SetProperty(u => u.FamilyName, profile.FamilyName)
            .SetProperty(u => u.Nickname, profile.Nickname)
            .SetProperty(u => u.Picture, profile.Picture)
            .SetProperty(u => u.AppMetadataJson, profile.AppMetadataJson)
            .SetProperty(u => u.UpdatedAt, now), cancellationToken);
        if (updated == 0)
        {
            try
            {
                storage.Context.Users.Add(profile);
                await storage.Context.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another node created the profile at the same moment; theirs holds the same directory data.
            }
            finally
            {
                storage.Context.ChangeTracker.Clear();
            }
        }

        return profile;
    }

    private static bool SameProfile(User a, User b) =>
        a.Email == b.Email && a.Username == b.Username && a.Name == b.Name && a.GivenName == b.GivenName && a.FamilyName == b.FamilyName
        && a.Nickname == b.Nickname && a.Picture == b.Picture && a.AppMetadataJson == b.AppMetadataJson;

    [LoggerMessage(EventId = 5500, Level = LogLevel.Warning, Message = "Directory of connection {Connection} unavailable: {Reason}")]
    private static partial void DirectoryUnavailable(ILogger logger, string connection, string reason);
}
