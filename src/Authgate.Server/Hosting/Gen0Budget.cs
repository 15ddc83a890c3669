using System.Diagnostics;
using System.Reflection;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using Authgate.Connections;

namespace Authgate.Hosting;

/// <summary>
/// The workstation GC lets generation 0 grow to a size derived from the largest CPU cache the machine reports, and
/// some virtual machines report one of hundreds of MiB (300 MiB on the benchmark's host): the budget became 80 MiB, and
/// a node under load held ~90 MiB of committed heap for ~10 MB of live objects, 220 MiB resident instead of ~148
/// (bench/ANALYSIS.md). The runtime reads its setting for this (<c>GCgen0size</c>) only from the environment, so a
/// server process whose budget came out above <see cref="Bytes"/> starts itself again, as the same process
/// (<c>execve</c> keeps the pid, arguments and descriptors), with <c>DOTNET_GCgen0size</c> added. 6 MiB is the
/// budget the concurrent workstation GC itself uses where the cache is small. An operator who sets
/// <c>DOTNET_GCgen0size</c> or <c>DOTNET_GCgen0MaxBudget</c> (0 for the runtime's own choice) is left alone, as are
/// the server GC, a debugger, and hosts that are not the server's own process (tests, the CLI).
/// </summary>
internal static unsafe partial class Gen0Budget
{
    public const long Bytes = 6 * 1024 * 1024;
    public const string Variable = "DOTNET_GCgen0size";

    private static readonly string[] OperatorVariables =
        ["DOTNET_GCgen0size", "COMPlus_GCgen0size", "DOTNET_GCgen0MaxBudget", "COMPlus_GCgen0MaxBudget"];

    /// <summary>True when a process with this budget and environment should start again with <see cref="Variable"/> set.</summary>
    public static bool ShouldRestart(long runtimeBudget, bool serverGc, IEnumerable<string> environmentNames) =>
        runtimeBudget > Bytes
        && !serverGc
        && !environmentNames.Any(name => OperatorVariables.Contains(name, StringComparer.OrdinalIgnoreCase));

    /// <summary>Replaces this process with itself under the smaller budget when <see cref="ShouldRestart"/> says so; returns otherwise.</summary>
    public static void RestartIfOversized()
    {
        if (!OperatingSystem.IsLinux() || Debugger.IsAttached || Assembly.GetEntryAssembly() != typeof(Gen0Budget).Assembly)
        {
            return;
        }

        var budget = GC.GetConfigurationVariables().TryGetValue("GCGen0MaxBudget", out var value) ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        if (!ShouldRestart(budget, GCSettings.IsServerGC, Environment.GetEnvironmentVariables().Keys.Cast<string>()))
        {
            return;
        }

        byte[] commandLine, environment;
        try
        {
            // The exact bytes the process was started with: no argument is re-quoted or re-encoded.
            commandLine = File.ReadAllBytes("/proc/self/cmdline");
            environment = File.ReadAllBytes("/proc/self/environ");
        }
        catch (IOException)
        {
            return;
        }
        catch (UnauthorizedAccessException)
        {
            return;
        }

        if (commandLine.Length == 0)
        {
            return;
        }

        var entries = Split(environment);
        entries.Add(Encoding.ASCII.GetBytes($"{Variable}=0x{Bytes:x}"));
        ForgetDiagnosticsSocket();
        Exec(Split(commandLine), entries);
    }

    /// <summary>
    /// The runtime's diagnostics socket (what dotnet-counters, -trace and -gcdump connect to) is named for the pid and
    /// the process's start time, which execve keeps: the file this runtime made would stop the next one from making
    /// its own, and the tools could no longer attach.
    /// </summary>
    private static void ForgetDiagnosticsSocket()
    {
        try
        {
            foreach (var socket in Directory.EnumerateFiles(Path.GetTempPath(), $"dotnet-diagnostic-{Environment.ProcessId}-*-socket"))
            {
                File.Delete(socket);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static List<byte[]> Split(byte[] block)
    {
        var parts = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < block.Length; i++)
        {
            if (block[i] == 0)
            {
                parts.Add(block[start..i]);
                start = i + 1;
            }
        }

        if (start < block.Length)
        {
            parts.Add(block[start..]);
        }

        return parts;
    }

    private static void Exec(List<byte[]> arguments, List<byte[]> environment)
    {
        var handles = new List<GCHandle>();
        try
        {
            var argv = Pinned(arguments, handles);
            var envp = Pinned(environment, handles);
            fixed (byte* path = "/proc/self/exe\0"u8)
            fixed (nint* argvPointer = argv)
            fixed (nint* envpPointer = envp)
            {
                NativeLibraries.Register();
                // Returns only when the exec failed: the process then goes on with the runtime's budget.
                _ = execve(path, (byte**)argvPointer, (byte**)envpPointer);
            }
        }
        finally
        {
            foreach (var handle in handles)
            {
                handle.Free();
            }
        }
    }

    /// <summary>Each part NUL-terminated and pinned, in a NULL-terminated array of pointers, as execve takes them.</summary>
    private static nint[] Pinned(List<byte[]> parts, List<GCHandle> handles)
    {
        var pointers = new nint[parts.Count + 1];
        for (var i = 0; i < parts.Count; i++)
        {
            var terminated = new byte[parts[i].Length + 1];
            parts[i].CopyTo(terminated, 0);
            var handle = GCHandle.Alloc(terminated, GCHandleType.Pinned);
            handles.Add(handle);
            pointers[i] = handle.AddrOfPinnedObject();
        }

        return pointers;
    }

    [LibraryImport(NativeLibraries.C, SetLastError = true)]
    private static partial int execve(byte* path, byte** argv, byte** envp);
}
