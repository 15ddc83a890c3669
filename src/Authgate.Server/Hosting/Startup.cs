using Authgate.Management;
using Authgate.Storage;
using Authgate.Tenants;
using Authgate.Tokens;
using Microsoft.Extensions.Options;

namespace Authgate.Hosting;

/// <summary>
/// Work done once before the server takes requests: schema migrations, the signing key ring, and on an empty
/// database the tenant from the seed file or the demo tenant, all under <see cref="StartupLock"/> so nodes starting
/// together on one database do it once. Failures print one clear line and stop the process.
/// </summary>
internal static class Startup
{
    /// <summary>
    /// Checks every settings section before the host starts: an invalid value stops the start with its message on one
    /// line. The host makes the same check as it starts, but reports a failure as a logged stack trace. Most sections
    /// are bound by then (by the start-up work and the endpoint maps), so this is only what the host's check would do.
    /// </summary>
    public static async Task<bool> SettingsAreValidAsync(WebApplication app)
    {
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
            return true;
        }
        catch (Exception e) when (IsInvalidSetting(e))
        {
            await CouldNotStartAsync(e);
            return false;
        }
    }

    /// <summary>A settings check's failure, as the options' accessors throw it or as the host's start-up check gathers them.</summary>
    public static bool IsInvalidSetting(Exception e) => e is OptionsValidationException or AggregateException { InnerException: OptionsValidationException };

    /// <summary>Why the start stopped, as one line on standard error (an aggregate's messages joined), never a stack trace.</summary>
    public static Task CouldNotStartAsync(Exception e) =>
        Console.Error.WriteLineAsync(
            $"Authgate could not start: {(e is AggregateException aggregate ? string.Join(" ", aggregate.InnerExceptions.Select(i => i.Message)) : e.Message)}");

    public static async Task<bool> InitializeAsync(WebApplication app)
    {
        AuthgateOptions options;
        Connections.PasswordHashingOptions hashing;
        try
        {
            // Both read outside the start-up work's own try below (the hashing settings at its end, on every start).
            options = app.Services.GetRequiredService<IOptions<AuthgateOptions>>().Value;
            hashing = app.Services.GetRequiredService<IOptions<Connections.PasswordHashingOptions>>().Value;
        }
        catch (OptionsValidationException e)
        {
            await CouldNotStartAsync(e);
            return false;
        }

        var cancellationToken = app.Lifetime.ApplicationStopping;
        DemoTenant.Credentials? demo = null;
        // Standard output ends up in journald and container logs: in Production secrets go to owner-only files.
        var showSecrets = !app.Environment.IsProduction();
        try
        {
            var connections = app.Services.GetRequiredService<HotConnections>();
            demo = await StartupLock.RunAsync(connections, async () =>
            {
                var keyRing = app.Services.GetRequiredService<SigningKeyRing>();
                Task<Storage.Entities.SigningKey[]>? firstKeys;
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    // On an existing database nothing here resolves a service that takes a DbContext: the first one
                    // costs about 0.1 s, and the checks are plain SQL (HotConnections.RowsAsync).
                    await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync(cancellationToken: cancellationToken);
                    // A first start makes its signing keys on the other cores while it seeds the tenant below.
                    firstKeys = await keyRing.StartFirstKeysAsync(cancellationToken);
                    if (await TenantSeeder.IsEmptyAsync(connections, cancellationToken))
                    {
                        var seeder = scope.ServiceProvider.GetRequiredService<TenantSeeder>();
                        if (!string.IsNullOrWhiteSpace(options.SeedFile))
                        {
                            var source = TenantFileReader.Read(options.SeedFile, options.SeedKeywordsFile, Environment.GetEnvironmentVariables());
                            await seeder.ApplyAsync(source.Document, cancellationToken);
                            Console.WriteLine($"Tenant created from {options.SeedFile}.");
                            source.Report(Console.Out, showSecrets ? null : options.DataDirectory);
                        }
                        else if (options.Demo)
                        {
                            var (file, credentials) = DemoTenant.Create();
                            await seeder.ApplyAsync(TenantDocument.From(file), cancellationToken);
                            DemoTenant.Save(options.DataDirectory, credentials);
                        }

                        await seeder.EnsureTenantAsync(cancellationToken);
                    }
                    else if (!string.IsNullOrWhiteSpace(options.SeedFile))
                    {
                        Console.WriteLine($"The database already holds a tenant; {options.SeedFile} was not applied.");
                    }

                    if (await ManagementBootstrap.IsNeededAsync(connections, app.Services.GetRequiredService<IOptions<BootstrapOptions>>().Value, cancellationToken)
                        && await scope.ServiceProvider.GetRequiredService<ManagementBootstrap>().EnsureAsync(cancellationToken) is { } bootstrap)
                    {
                        Console.WriteLine(ManagementBootstrap.Announce(bootstrap, options.DataDirectory, showSecrets));
                    }

                    var dashboard = app.Services.GetRequiredService<IOptions<Dashboard.DashboardOptions>>().Value;
                    if (dashboard.BootstrapAdmin.Requested
                        && await scope.ServiceProvider.GetRequiredService<Dashboard.Accounts.AdminAccounts>().EnsureBootstrapAsync(dashboard.BootstrapAdmin, cancellationToken) is { } admin
                        && !admin.TryGet(out _, out var adminError))
                    {
                        throw new ArgumentException($"Authgate:Dashboard:BootstrapAdmin: {adminError.Message}");
                    }
                }

                await keyRing.InitializeAsync(firstKeys, cancellationToken);
                return options.Demo ? DemoTenant.Load(options.DataDirectory) : null;
            }, cancellationToken);
        }
        catch (TenantFileException e)
        {
            await Console.Error.WriteLineAsync($"Tenant file {options.SeedFile}: {e.Message}");
            return false;
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException or TimeoutException or System.Security.Cryptography.CryptographicException or OptionsValidationException)
        {
            await CouldNotStartAsync(e);
            return false;
        }

        var storage = app.Services.GetRequiredService<StorageSettings>();
        var exposed = Security.PrivateFiles.Exposed(
            [options.DataDirectory, .. storage.DatabaseFile is { } db ? new[] { db, db + "-wal", db + "-shm" } : [], Path.Combine(options.DataDirectory, Security.EncryptionKey.FileName)]);
        if (exposed.Count > 0)
        {
            await Console.Error.WriteLineAsync($"Warning: readable by other users (chmod 700 the directory, 600 the files): {string.Join(", ", exposed.Select(Path.GetFullPath))}");
        }

        if (hashing.MemoryKiB < Connections.PasswordHashingOptions.OwaspMinimumMemoryKiB && !app.Environment.IsEnvironment("Testing"))
        {
            await Console.Error.WriteLineAsync(
                $"Warning: Authgate:PasswordHashing:MemoryKiB is {hashing.MemoryKiB}, below OWASP's minimum for Argon2id ({Connections.PasswordHashingOptions.OwaspMinimumMemoryKiB}); use it for tests only.");
        }

        if (demo is not null)
        {
            app.Lifetime.ApplicationStarted.Register(() =>
            {
                var issuer = app.Services.GetRequiredService<Issuer>().Value;
                Console.WriteLine($"Authgate is listening; issuer {issuer}");
                Console.WriteLine(DemoTenant.Banner(issuer, demo, Path.GetFullPath(Path.Combine(options.DataDirectory, DemoTenant.FileName)), showSecrets));
            });
        }

        return true;
    }
}
