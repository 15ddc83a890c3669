using Authgate.Connections;
using Authgate.Hosting;
using Authgate.Logs;
using Authgate.OAuth;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Authgate.Protection;

/// <summary>
/// Attack protection around one password check, in order: the same-user-and-IP login rate, suspicious-IP
/// throttling, then a brute-force reservation (<see cref="BeginAsync"/>, whose refusals are held as the hashing lane
/// holds its own); after the check, the counts, blocks, notifications and breached-password verdict
/// (<see cref="CompleteAsync"/>). Every counter lives in the shared database. Password failures are counted apart
/// from any other failure kind.
/// </summary>
internal sealed class LoginProtection(
    AttackProtectionStore store,
    BruteForceCounter bruteForce,
    SuspiciousIpThrottle ipThrottle,
    RateLimitCounter rateLimits,
    BreachedPasswords breached,
    UnblockTickets tickets,
    IBlockNotificationSender notifications,
    RequestStorage storage,
    LogEvents logs,
    Issuer issuer,
    HashingLane lane,
    IOptions<ProtectionOptions> options)
{
    /// <summary>False when the hashing lane would refuse a check for <paramref name="caller"/> right now.</summary>
    public bool HashingHasRoom(string caller) => lane.HasRoom(caller);

    /// <summary>
    /// The answer when the hashing lane refuses a check: 429 with <c>Retry-After</c>, held before it is sent like every
    /// 429 (<see cref="RefusalHold"/>).
    /// </summary>
    public OAuthError HashingBusy() => OAuthErrors.HashingBusy(lane.RetryAfterSeconds);

    public sealed class Attempt
    {
        public required AttackProtectionStore.Snapshot Settings { get; init; }
        public required Client Client { get; init; }
        public required Connection Connection { get; init; }
        public required string Identifier { get; init; }
        public string? Ip { get; init; }
        public string? BruteForceKey { get; set; }
    }

    /// <param name="username">What the user typed.</param>
    /// <param name="account">The account that name belongs to, if any: counts are kept per account, so its email and
    /// username share one budget; names of no account are counted as typed.</param>
    /// <returns>The attempt, and its refusal if there is one: always a 429, which the token endpoint holds before it
    /// answers (<see cref="RefusalHold"/>), so a flood from a throttled IP or at a blocked account cannot come back
    /// thousands of times a second and take the cores and the database from every other request.</returns>
    public async Task<(Attempt Attempt, OAuthError? Error)> BeginAsync(Client client, Connection connection, string username, User? account, string? ip, CancellationToken cancellationToken)
    {
        var settings = await store.GetAsync(cancellationToken);
        var attempt = new Attempt { Settings = settings, Client = client, Connection = connection, Identifier = account?.UserId ?? LoginNames.Normalize(username), Ip = ip };
        var brute = settings.BruteForce;
        var bruteForceKey = BruteForceApplies(attempt) ? BruteForceCounter.Key(brute.Mode ?? BruteForceSettings.PerIdentifierAndIp, connection.Id, attempt.Identifier, ip) : null;

        var sameUser = await rateLimits.HitAsync($"sul|{connection.Id}|{attempt.Identifier}|{ip}", options.Value.LoginsPerUserAndIpPerMinute, TimeSpan.FromMinutes(1), cancellationToken);
        if (!sameUser.Allowed)
        {
            if (sameUser.JustExceeded)
            {
                Log(attempt, LogEventTypes.SameUserLoginLimit, "Too many logins for this user from this IP.");
            }

            // A blocked account says so, whatever else limits the request: the block is what the user must act on.
            return bruteForceKey is not null && Blocks(brute) && await bruteForce.IsBlockedAsync(bruteForceKey, brute.MaxAttempts ?? 10, cancellationToken)
                ? (attempt, OAuthErrors.TooManyAttempts())
                : (attempt, OAuthErrors.TooManyRequests($"Too many logins for this user from this IP. Retry in {sameUser.RetryAfterSeconds} seconds.", sameUser));
        }

        var throttling = settings.SuspiciousIp;
        if (ip is not null && throttling.Enabled == true && (throttling.Shields ?? []).Contains("block") && !settings.SuspiciousIpAllowlist.Contains(ip)
            && throttling.Stage?.PreLogin is { MaxAttempts: { } max, Rate: { } rate }
            && !await ipThrottle.AllowsAsync(ip, max, rate, cancellationToken))
        {
            return (attempt, OAuthErrors.SuspiciousIp());
        }

        if (bruteForceKey is not null)
        {
            attempt.BruteForceKey = bruteForceKey;
            // Without the block shield Auth0 only monitors: count, log, never refuse.
            var limit = Blocks(brute) ? brute.MaxAttempts ?? 10 : int.MaxValue;
            if (!await bruteForce.ReserveAsync(attempt.BruteForceKey, connection.Id, attempt.Identifier, ip, limit, cancellationToken))
            {
                attempt.BruteForceKey = null;
                return (attempt, OAuthErrors.TooManyAttempts());
            }
        }

        return (attempt, null);
    }

    /// <summary>Records the outcome; returns an error only when a correct password must still be refused (breached).</summary>
    public async Task<OAuthError?> CompleteAsync(Attempt attempt, LoginResult login, string password, CancellationToken cancellationToken)
    {
        var settings = attempt.Settings;
        switch (login.Outcome)
        {
            case LoginOutcome.Rejected or LoginOutcome.DirectoryUnavailable:
                if (attempt.BruteForceKey is { } pending)
                {
                    await bruteForce.CancelAsync(pending, cancellationToken);
                }

                return null;

            case LoginOutcome.WrongPassword or LoginOutcome.UnknownUser:
                if (attempt.BruteForceKey is { } key && await bruteForce.FailAsync(key, settings.BruteForce.MaxAttempts ?? 10, cancellationToken))
                {
                    Log(attempt, LogEventTypes.BruteForceBlock, $"Too many failed login attempts ({settings.BruteForce.MaxAttempts ?? 10}).", login.User);
                    if ((settings.BruteForce.Shields ?? []).Contains("user_notification") && login.User?.Email is { } email)
                    {
                        var ticket = await tickets.IssueAsync(attempt.Connection.Id, attempt.Identifier, cancellationToken);
                        await notifications.SendAsync(new BlockNotification(email, attempt.Identifier, attempt.Connection.Name, attempt.Ip,
                            issuer.Url("unblock") + "?ticket=" + ticket), cancellationToken);
                    }
                }

                var throttling = settings.SuspiciousIp;
                if (attempt.Ip is { } ip && throttling.Enabled == true && !settings.SuspiciousIpAllowlist.Contains(ip)
                    && throttling.Stage?.PreLogin is { MaxAttempts: { } max, Rate: { } rate }
                    && await ipThrottle.ConsumeAsync(ip, max, rate, cancellationToken))
                {
                    Log(attempt, LogEventTypes.SuspiciousIpBlock, "Too many failed logins from this IP.");
                }

                return null;

            default:
                if (attempt.BruteForceKey is { } success)
                {
                    await bruteForce.SucceedAsync(success, cancellationToken);
                }

                var detection = settings.BreachedPassword;
                if (login.Outcome == LoginOutcome.Success && detection.Enabled == true && await breached.IsBreachedAsync(password, cancellationToken))
                {
                    Log(attempt, LogEventTypes.PasswordLeaked, "This password has previously been used in a data breach.", login.User);
                    if ((detection.Shields ?? []).Contains("block"))
                    {
                        return OAuthErrors.PasswordLeaked();
                    }
                }

                return null;
        }
    }

    /// <summary>Lifts the blocks a one-time link was issued for; false when the link is unknown, used or expired.</summary>
    public async Task<bool> RedeemUnblockAsync(string ticket, string? ip, CancellationToken cancellationToken)
    {
        if (await tickets.RedeemAsync(ticket, cancellationToken) is not { } blocked)
        {
            return false;
        }

        await storage.Context.Database.ExecuteSqlAsync($"DELETE FROM login_failures WHERE connection_id = {blocked.ConnectionId} AND identifier = {blocked.Identifier}", cancellationToken);
        var entry = logs.New(LogEventTypes.BlockReleased, "User block released by the one-time link.");
        entry.UserName = blocked.Identifier;
        entry.ConnectionId = blocked.ConnectionId;
        entry.Ip = ip;
        logs.Add(entry);
        return true;
    }

    private bool BruteForceApplies(Attempt attempt)
    {
        var brute = attempt.Settings.BruteForce;
        var connectionFlag = ConnectionOptions.Parse(attempt.Connection.OptionsJson).BruteForceProtection ?? true;
        return brute.Enabled == true && connectionFlag && !attempt.Settings.BruteForceAllowlist.Contains(attempt.Ip);
    }

    private static bool Blocks(BruteForceSettings settings) => (settings.Shields ?? []).Contains("block");

    private void Log(Attempt attempt, string type, string description, User? user = null)
    {
        var entry = logs.New(type, description);
        entry.ClientId = attempt.Client.ClientId;
        entry.ClientName = attempt.Client.Name;
        entry.Connection = attempt.Connection.Name;
        entry.ConnectionId = attempt.Connection.Id;
        entry.Ip = attempt.Ip;
        entry.UserId = user?.UserId;
        entry.UserName = user?.Email ?? user?.Username ?? attempt.Identifier;
        entry.Strategy = attempt.Connection.Strategy;
        entry.StrategyType = Strategies.TypeOf(attempt.Connection.Strategy);
        logs.Add(entry);
    }
}
