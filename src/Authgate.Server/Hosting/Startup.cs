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
    public static async Task<bool> InitializeAsync(WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<AuthgateOptions>>().Value;
        var cancellationToken = app.Lifetime.ApplicationStopping;
        DemoTenant.Credentials? demo = null;
        try
        {
            demo = await StartupLock.RunAsync(app.Services.GetRequiredService<StorageSettings>(), async () =>
            {
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync(cancellationToken: cancellationToken);
                    var seeder = scope.ServiceProvider.GetRequiredService<TenantSeeder>();
                    if (await seeder.IsEmptyAsync(cancellationToken))
                    {
                        if (!string.IsNullOrWhiteSpace(options.SeedFile))
                        {
                            var source = TenantFileReader.Read(options.SeedFile, options.SeedKeywordsFile, Environment.GetEnvironmentVariables());
                            await seeder.ApplyAsync(source.File, cancellationToken);
                            Console.WriteLine($"Tenant created from {options.SeedFile}.");
                            source.Report(Console.Out);
                        }
                        else if (options.Demo)
                        {
                            var (file, credentials) = DemoTenant.Create();
                            await seeder.ApplyAsync(file, cancellationToken);
                            DemoTenant.Save(options.DataDirectory, credentials);
                        }
                    }
                    else if (!string.IsNullOrWhiteSpace(options.SeedFile))
                    {
                        Console.WriteLine($"The database already holds a tenant; {options.SeedFile} was not applied.");
                    }

                    await seeder.EnsureTenantAsync(cancellationToken);
                    if (await scope.ServiceProvider.GetRequiredService<ManagementBootstrap>().EnsureAsync(cancellationToken) is { } bootstrap)
                    {
                        // Printed once, on the console only: the secret is not kept anywhere in plain text.
                        Console.WriteLine($"Management application created: client_id {bootstrap.ClientId}" +
                            (bootstrap.SecretGenerated ? $", client_secret {bootstrap.ClientSecret} (shown once; rotate it with POST /api/v2/clients/{{id}}/rotate-secret)" : " (secret from configuration)"));
                    }
                }

                await app.Services.GetRequiredService<SigningKeyRing>().InitializeAsync(cancellationToken);
                return options.Demo ? DemoTenant.Load(options.DataDirectory) : null;
            }, cancellationToken);
        }
        catch (TenantFileException e)
        {
            await Console.Error.WriteLineAsync($"Tenant file {options.SeedFile}: {e.Message}");
            return false;
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException or TimeoutException or System.Security.Cryptography.CryptographicException)
        {
            await Console.Error.WriteLineAsync($"Authgate could not start: {e.Message}");
            return false;
        }

        var hashing = app.Services.GetRequiredService<IOptions<Connections.PasswordHashingOptions>>().Value;
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
                Console.WriteLine(DemoTenant.Banner(issuer, demo, Path.GetFullPath(Path.Combine(options.DataDirectory, DemoTenant.FileName))));
            });
        }

        return true;
    }
}
