using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Authgate.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster from the machine's installation (initdb/pg_ctl, run as the <c>postgres</c> user when
/// the tests run as root, since initdb refuses root), on a free loopback port in a temporary directory. One shared
/// cluster serves the suite; fault tests start their own so they can stop it. Removed when the test process exits.
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    private static readonly Lazy<PostgresCluster> SharedCluster = new(() => new PostgresCluster(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly string bin = FindBin();
    private readonly string directory;
    private readonly string data;
    private readonly int port;
    private readonly bool asRoot = Environment.UserName == "root";
    private readonly bool durable;
    private bool disposed;

    /// <param name="durable">
    /// Flush the WAL at every commit, as production does (the benchmark). The test suite runs without: its
    /// durability tests kill Authgate, not the database, and fsync would only slow them down.
    /// </param>
    public PostgresCluster(bool durable = false)
    {
        this.durable = durable;
        directory = Path.Combine(Path.GetTempPath(), "authgate-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        data = Path.Combine(directory, "data");
        port = FreePort();
        if (asRoot)
        {
            Run("chown", "-R", "postgres:postgres", directory);
        }

        Run(asRoot, Path.Combine(bin, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8");
        Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    public static PostgresCluster Shared => SharedCluster.Value;

    /// <summary>Connection string to the cluster's <c>postgres</c> database (trust authentication on loopback).</summary>
    public string AdminConnectionString => $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=15;Command Timeout=60";

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database, MaxPoolSize = 20, ConnectionIdleLifetime = 10 }.ConnectionString;

    /// <summary>Creates <paramref name="database"/> unless it exists, as a copy of <paramref name="template"/> when one is named.</summary>
    public void EnsureDatabase(string database, string? template = null)
    {
        using var connection = new NpgsqlConnection(AdminConnectionString);
        connection.Open();
        using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (exists.ExecuteScalar() is null)
        {
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"" + (template is null ? "" : $" TEMPLATE \"{template}\""), connection);
            create.ExecuteNonQuery();
        }
    }

    public void Start() =>
        Run(asRoot, Path.Combine(bin, "pg_ctl"), "-D", data, "-l", Path.Combine(directory, "log"), "-w", "-t", "60", "start",
            "-o", $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 {(durable ? "-c fsync=on -c synchronous_commit=on" : "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")} -c max_connections=400 {Environment.GetEnvironmentVariable("AUTHGATE_PG_OPTIONS")}");

    /// <summary>A fast shutdown: connected sessions are cut, as when the database server restarts.</summary>
    public void Stop() => Run(asRoot, Path.Combine(bin, "pg_ctl"), "-D", data, "-m", "fast", "-w", "stop");

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        try
        {
            Run(asRoot, Path.Combine(bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        // AUTHGATE_PG_KEEP_LOG=FILE keeps the server's log (with AUTHGATE_PG_OPTIONS="-c log_checkpoints=on …", what the
        // database did during a run).
        if (Environment.GetEnvironmentVariable("AUTHGATE_PG_KEEP_LOG") is { Length: > 0 } keep && File.Exists(Path.Combine(directory, "log")))
        {
            File.Copy(Path.Combine(directory, "log"), keep, overwrite: true);
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The directory holding initdb and pg_ctl: $PG_BIN, the Debian layout, or PATH.</summary>
    public static string FindBin()
    {
        if (Environment.GetEnvironmentVariable("PG_BIN") is { Length: > 0 } configured)
        {
            return configured;
        }

        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d).Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            : null;
        return debian ?? Path.GetDirectoryName(Which("initdb")) ?? throw new InvalidOperationException("PostgreSQL (initdb, pg_ctl) is not installed; run .ci/run or apt-get install postgresql.");
    }

    private static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(p => Path.Combine(p, name)).FirstOrDefault(File.Exists);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(bool asPostgres, string file, params string[] args) =>
        Run(asPostgres ? "runuser" : file, asPostgres ? ["-u", "postgres", "--", file, .. args] : args);

    private static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {output.Result}{error.Result}");
        }
    }
}
