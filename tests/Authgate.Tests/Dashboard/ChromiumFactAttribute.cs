using Authgate.Tests.Infrastructure;

namespace Authgate.Tests.Dashboard;

/// <summary>
/// A browser test: skipped, with the reason, on a developer machine without Debian's <c>chromium</c> (under CI, <c>CI</c>
/// set, it always runs, and <c>.ci/run</c> installs the browser), and on the suite's PostgreSQL run: what a browser
/// checks (focus order, layout, the idle sign-out, the page's own scripts) does not depend on the storage provider,
/// and the server side of every page runs on PostgreSQL in the other <c>Dashboard*Tests</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string DefaultPath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (TestDatabase.IsPostgres)
        {
            Skip = "Browser behaviour does not depend on the storage provider; it runs in the suite's SQLite run.";
        }
        else if (ExecutablePath is null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Skip = $"chromium is not installed ({DefaultPath}); apt-get install chromium, or set AUTHGATE_CHROMIUM.";
        }
    }

    public static string? ExecutablePath =>
        Environment.GetEnvironmentVariable("AUTHGATE_CHROMIUM") is { Length: > 0 } configured ? configured : File.Exists(DefaultPath) ? DefaultPath : null;
}
