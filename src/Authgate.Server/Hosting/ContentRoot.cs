namespace Authgate.Hosting;

/// <summary>
/// Where the shipped <c>appsettings.json</c> is read from. ASP.NET takes the current directory, so the documented
/// <c>dotnet /opt/authgate/Authgate.Server.dll</c>, started from anywhere else, ran without Authgate's settings: every
/// request logged four lines at Information (a cheap endpoint's CPU doubled; hundreds of MB of log a minute), and the
/// port and demo defaults were lost. When neither the command line nor the environment names a content root and the
/// current directory holds no <c>appsettings.json</c>, the server's own directory is the content root.
/// </summary>
internal static class ContentRoot
{
    private const string Settings = "appsettings.json";

    /// <summary>The content root to use, or null to keep ASP.NET's choice.</summary>
    public static string? Choose(IReadOnlyList<string> args, Func<string, string?> environment, string currentDirectory, string appDirectory)
    {
        var named = args.Any(a => a.TrimStart('-', '/').StartsWith("contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(environment("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(environment("DOTNET_CONTENTROOT"));
        if (named || File.Exists(Path.Combine(currentDirectory, Settings)))
        {
            return null;
        }

        return File.Exists(Path.Combine(appDirectory, Settings)) ? appDirectory : null;
    }
}
