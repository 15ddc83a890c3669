using System.Security.Cryptography;
using System.Text;
using Authgate.Security;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Authgate.Dashboard.Accounts;

/// <summary>
/// Server-side dashboard sessions behind a cookie (<c>Secure</c>, <c>HttpOnly</c>, <c>SameSite=Strict</c>). The row is
/// the truth, so idle and absolute timeouts and sign-out hold on every node.
/// </summary>
internal sealed class DashboardSessions(AuthDbContext db, WriteGate writes, TimeProvider time, IOptions<DashboardOptions> options)
{
    public const string CookieName = "authgate-dashboard";

    /// <summary>Last-seen is written at most this often, so browsing does not write on every request.</summary>
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);


    /// <summary>Starts a session at <paramref name="stage"/> and sets the cookie; any earlier session of this browser ends.</summary>
    public async Task StartAsync(HttpContext http, string adminId, string stage, CancellationToken cancellationToken)
    {
        await EndAsync(http, cancellationToken);
        var value = RandomValues.Hex(32);
        var now = time.GetUtcNow().UtcDateTime;
        using (await writes.EnterAsync(cancellationToken))
        {
            db.DashboardSessions.Add(new DashboardSession { IdHash = LookupHash.Of(value), AdminId = adminId, Stage = stage, CreatedAt = now, LastSeenAt = now });
            await db.SaveChangesAsync(cancellationToken);
        }

        http.Response.Cookies.Append(CookieName, value, new CookieOptions
        {
            Secure = true,
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = options.Value.Path,
            IsEssential = true,
        });
    }

    /// <summary>The session and its administrator when the cookie names a live session; an expired one is deleted.</summary>
    public async Task<(DashboardSession Session, DashboardAdmin Admin)?> FindAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value) || value.Length > 128)
        {
            return null;
        }

        var hash = LookupHash.Of(value);
        var found = await db.DashboardSessions.AsNoTracking()
            .Where(s => s.IdHash == hash)
            .Join(db.DashboardAdmins.AsNoTracking(), s => s.AdminId, a => a.Id, (s, a) => new { s, a })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var settings = options.Value;
        if (now - found.s.LastSeenAt >= TimeSpan.FromMinutes(settings.IdleTimeoutMinutes) || now - found.s.CreatedAt >= TimeSpan.FromHours(settings.AbsoluteTimeoutHours))
        {
            using var write = await writes.EnterAsync(cancellationToken);
            await db.DashboardSessions.Where(s => s.IdHash == hash).ExecuteDeleteAsync(cancellationToken);
            return null;
        }

        if (now - found.s.LastSeenAt >= TouchInterval)
        {
            using var write = await writes.EnterAsync(cancellationToken);
            await db.DashboardSessions.Where(s => s.IdHash == hash).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), cancellationToken);
        }

        return (found.s, found.a);
    }

    /// <summary>Moves a session from awaiting its code to signed in, under a new cookie value (no fixation).</summary>
    public Task PromoteAsync(HttpContext http, string adminId, CancellationToken cancellationToken) =>
        StartAsync(http, adminId, DashboardSession.SignedIn, cancellationToken);

    public async Task EndAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (http.Request.Cookies.TryGetValue(CookieName, out var value) && !string.IsNullOrEmpty(value) && value.Length <= 128)
        {
            var hash = LookupHash.Of(value);
            using var write = await writes.EnterAsync(cancellationToken);
            await db.DashboardSessions.Where(s => s.IdHash == hash).ExecuteDeleteAsync(cancellationToken);
        }

        http.Response.Cookies.Delete(CookieName, new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict, Path = options.Value.Path });
    }

    /// <summary>Deletes sessions past either timeout (a housekeeping step run at sign-in).</summary>
    public async Task PurgeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var settings = options.Value;
        var idle = now - TimeSpan.FromMinutes(settings.IdleTimeoutMinutes);
        var absolute = now - TimeSpan.FromHours(settings.AbsoluteTimeoutHours);
        using var write = await writes.EnterAsync(cancellationToken);
        await db.DashboardSessions.Where(s => s.LastSeenAt < idle || s.CreatedAt < absolute).ExecuteDeleteAsync(cancellationToken);
    }
}
