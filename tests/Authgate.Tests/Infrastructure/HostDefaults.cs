using System.Runtime.CompilerServices;

namespace Authgate.Tests.Infrastructure;

internal static class HostDefaults
{
    /// <summary>
    /// Every host the suite starts (in process, and the server processes, which inherit the environment) would watch
    /// its appsettings files, and each watcher takes an inotify instance: with the suite's hosts alive at once that
    /// passes the kernel's default of 128 per user, and the hosts after it fail to start. No test edits those files.
    /// </summary>
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "A test assembly's process-wide setting, set before any host starts.")]
    internal static void NoConfigurationWatchers() =>
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
}
