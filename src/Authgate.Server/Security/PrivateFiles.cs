namespace Authgate.Security;

/// <summary>
/// Files only the server's user may read: the data directory (0700), the SQLite database (0600; SQLite gives its
/// <c>-wal</c> and <c>-shm</c> files the database file's mode), the key file, credentials and the outbox. A default
/// install must not leave hashes, encrypted secrets and the key that decrypts them readable by other local users.
/// </summary>
internal static class PrivateFiles
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OthersOrGroup = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>Creates the directory owner-only when it does not exist; an existing one keeps the mode its operator chose.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, OwnerOnlyDirectory);
        }
    }

    /// <summary>Creates an empty owner-only file unless it exists, so the program that fills it (SQLite) keeps that mode.</summary>
    public static void Precreate(string path)
    {
        if (OperatingSystem.IsWindows() || File.Exists(path))
        {
            return;
        }

        try
        {
            using var _ = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another node or process created it first.
        }
    }

    /// <summary>Options for a new owner-only file.</summary>
    public static FileStreamOptions NewFile(FileMode mode = FileMode.CreateNew)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        return options;
    }

    /// <summary>The given paths that exist and that the group or others may read or write.</summary>
    public static List<string> Exposed(params string[] paths)
    {
        if (OperatingSystem.IsWindows())
        {
            return [];
        }

        var exposed = new List<string>();
        foreach (var path in paths)
        {
            if ((File.Exists(path) || Directory.Exists(path)) && (File.GetUnixFileMode(path) & OthersOrGroup) != 0)
            {
                exposed.Add(path);
            }
        }

        return exposed;
    }
}
