namespace Authgate.Hosting;

/// <summary>
/// ASP.NET Core looks for hosting startup assemblies at every start, in the server's own assembly-level attributes
/// and in those named by <c>ASPNETCORE_HOSTINGSTARTUPASSEMBLIES</c>. Authgate has none of its own, and reading its
/// attributes loaded MVC's core and Razor's runtime at every start of every node (1.3 MiB resident, bench/ANALYSIS.md),
/// so the search is skipped unless something asks for hosting startups: assemblies named (in that variable, its
/// <c>DOTNET_</c> twin or <c>--hostingStartupAssemblies</c>, as <c>dotnet watch</c> does), or
/// <c>preventHostingStartup</c> set either way by the operator.
/// </summary>
internal static class HostingStartups
{
    public const string Prevent = "ASPNETCORE_PREVENTHOSTINGSTARTUP";
    public const string Assemblies = "ASPNETCORE_HOSTINGSTARTUPASSEMBLIES";

    // The web host reads its settings from ASPNETCORE_ and DOTNET_ variables alike.
    private static readonly string[] PreventVariables = [Prevent, "DOTNET_PREVENTHOSTINGSTARTUP"];
    private static readonly string[] AssemblyVariables = [Assemblies, "DOTNET_HOSTINGSTARTUPASSEMBLIES"];

    /// <summary>Sets <see cref="Prevent"/>, which the web host reads as it is created, unless anything above asks otherwise.</summary>
    public static void SkipUnlessAsked(IReadOnlyList<string> args, Func<string, string?> read, Action<string, string> write)
    {
        var asked = PreventVariables.Any(v => read(v) is not null)
            || AssemblyVariables.Any(v => !string.IsNullOrEmpty(read(v)))
            || args.Any(a => a.TrimStart('-', '/') is var name
                && (name.StartsWith("preventHostingStartup", StringComparison.OrdinalIgnoreCase)
                    || name.StartsWith("hostingStartupAssemblies", StringComparison.OrdinalIgnoreCase)));
        if (!asked)
        {
            write(Prevent, "true");
        }
    }
}
