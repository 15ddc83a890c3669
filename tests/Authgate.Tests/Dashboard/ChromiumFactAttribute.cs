namespace Authgate.Tests.Dashboard;

/// <summary>
/// A browser test: skipped, with the reason, only on a developer machine without Debian's <c>chromium</c>; under CI
/// (<c>CI</c> set) it always runs, and <c>.ci/run</c> installs the browser.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string DefaultPath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (ExecutablePath is null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Skip = $"chromium is not installed ({DefaultPath}); apt-get install chromium, or set AUTHGATE_CHROMIUM.";
        }
    }

    public static string? ExecutablePath =>
        Environment.GetEnvironmentVariable("AUTHGATE_CHROMIUM") is { Length: > 0 } configured ? configured : File.Exists(DefaultPath) ? DefaultPath : null;
}
