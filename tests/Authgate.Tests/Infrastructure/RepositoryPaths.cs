namespace Authgate.Tests.Infrastructure;

/// <summary>Finds files of the repository from the test's output directory.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release, whichever built the tests (and so the server beside them).</summary>
    public static string Configuration { get; } = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    public static string ServerDll => Path.Combine(Root, "src", "Authgate.Server", "bin", Configuration, "net10.0", "Authgate.Server.dll");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Authgate.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Authgate.slnx not found above " + AppContext.BaseDirectory);
    }
}
