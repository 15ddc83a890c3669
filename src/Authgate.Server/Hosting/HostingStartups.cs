namespace Authgate.Hosting;

/// <summary>
/// ASP.NET Core looks for hosting startup assemblies at every start, in the server's own assembly-level attributes
/// and in those named by <c>ASPNETCORE_HOSTINGSTARTUPASSEMBLIES</c>. Authgate has none of its own, and reading its
/// attributes loaded MVC's core and Razor's runtime at every start of every node (1.3 MiB resident, bench/ANALYSIS.md),
/// so the search is skipped unless something asks for hosting startups: the variable or option naming assemblies
/// (as <c>dotnet watch</c> does), or <c>preventHostingStartup</c> set either way by the operator.
/// </summary>
internal static class HostingStartups
{
    public const string Prevent = "ASPNETCORE_PREVENTHOSTINGSTARTUP";
    public const string Assemblies = "ASPNETCORE_HOSTINGSTARTUPASSEMBLIES";

    /// <summary>Sets <see cref="Prevent"/>, which the web host reads as it is created, unless anything above asks otherwise.</summary>
    public static void SkipUnlessAsked(IReadOnlyList<string> args, Func<string, string?> read, Action<string, string> write)
    {
        var asked = read(Prevent) is not null
            || !string.IsNullOrEmpty(read(Assemblies))
            || args.Any(a => a.TrimStart('-', '/') is var name
                && (name.StartsWith("preventHostingStartup", StringComparison.OrdinalIgnoreCase)
                    || name.StartsWith("hostingStartupAssemblies", StringComparison.OrdinalIgnoreCase)));
        if (!asked)
        {
            write(Prevent, "true");
        }
    }
}
