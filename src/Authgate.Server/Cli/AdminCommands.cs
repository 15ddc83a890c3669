using System.CommandLine;
using System.Text.Json;
using Authgate.Management;
using Spectre.Console;
using Authgate.Security;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Authgate.Tenants;
using Authgate.Tenants.DeployCli;
using Authgate.Tokens;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Authgate.Cli;

/// <summary>The command tree; each command is a short method over the same services the server uses.</summary>
internal sealed class AdminCommands(IServiceProvider services, TextWriter output)
{
    public RootCommand Build()
    {
        var root = new RootCommand("Authgate administration: works on the configured database directly.");
        root.Subcommands.Add(Init());
        root.Subcommands.Add(Simple("migrate", "Apply pending schema migrations.", async (db, _) =>
        {
            var applied = await db.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync();
            output.WriteLine($"{applied} migration(s) applied.");
        }));
        root.Subcommands.Add(Apps());
        root.Subcommands.Add(Apis());
        root.Subcommands.Add(Connections());
        root.Subcommands.Add(Users());
        root.Subcommands.Add(Grants());
        root.Subcommands.Add(Simple("demo-credentials", "Show the demo tenant's credentials.", (_, _) =>
        {
            var options = services.GetRequiredService<IOptions<Hosting.AuthgateOptions>>().Value;
            var demo = DemoTenant.Load(options.DataDirectory);
            output.WriteLine(demo is null ? "No demo tenant in this data directory." : JsonSerializer.Serialize(demo, TenantFile.JsonOptions));
            return Task.CompletedTask;
        }));
        root.Subcommands.Add(Keys());
        root.Subcommands.Add(Export());
        root.Subcommands.Add(Import());
        return root;
    }

    private Command Init()
    {
        var seed = new Option<string?>("--seed") { Description = "Tenant file to apply (default: the demo tenant): Authgate JSON, a Deploy CLI tenant.yaml or export directory." };
        var keywords = KeywordsOption();
        var command = new Command("init", "Create the database, the tenant (demo or --seed), signing keys and the management application.") { seed, keywords };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var scope = await ScopeAsync(cancellationToken);
            var seeder = scope.ServiceProvider.GetRequiredService<TenantSeeder>();
            if (!await seeder.IsEmptyAsync(cancellationToken))
            {
                output.WriteLine("The database already holds a tenant.");
                return 1;
            }

            if (result.GetValue(seed) is { } file)
            {
                var source = TenantFileReader.Read(file, result.GetValue(keywords), Environment.GetEnvironmentVariables());
                await seeder.ApplyAsync(source.File, cancellationToken);
                output.WriteLine($"Tenant created from {Path.GetFullPath(file)}.");
                source.Report(output);
            }
            else
            {
                var (tenant, credentials) = DemoTenant.Create();
                await seeder.ApplyAsync(tenant, cancellationToken);
                DemoTenant.Save(services.GetRequiredService<IOptions<Hosting.AuthgateOptions>>().Value.DataDirectory, credentials);
                output.WriteLine(JsonSerializer.Serialize(credentials, TenantFile.JsonOptions));
            }

            await services.GetRequiredService<SigningKeyRing>().InitializeAsync(cancellationToken);
            if (await scope.ServiceProvider.GetRequiredService<ManagementBootstrap>().EnsureAsync(cancellationToken) is { } bootstrap)
            {
                output.WriteLine($"Management application: client_id {bootstrap.ClientId}" + (bootstrap.SecretGenerated ? $", client_secret {bootstrap.ClientSecret}" : ""));
            }

            return 0;
        });
        return command;
    }

    private Command Apps()
    {
        var name = new Option<string>("--name") { Required = true, Description = "Application name." };
        var type = new Option<string>("--type") { DefaultValueFactory = _ => "regular_web", Description = "regular_web, non_interactive, native or spa." };
        var grants = new Option<string[]>("--grant") { Description = "A grant type (repeat for several).", AllowMultipleArgumentsPerToken = true };
        var callbacks = new Option<string[]>("--callback") { Description = "An allowed callback URL (repeat for several).", AllowMultipleArgumentsPerToken = true };
        var method = new Option<string?>("--auth-method") { Description = "client_secret_post, client_secret_basic or none." };
        var create = new Command("create", "Create an application and print its client id and secret.") { name, type, grants, callbacks, method };
        create.SetAction(async (result, cancellationToken) =>
        {
            await using var scope = await ScopeAsync(cancellationToken);
            var objects = scope.ServiceProvider.GetRequiredService<TenantObjects>();
            var now = DateTime.UtcNow;
            var secret = RandomValues.Secret();
            var client = objects.Client(new TenantFile.ClientSection
            {
                Name = result.GetValue(name),
                AppType = result.GetValue(type),
                GrantTypes = result.GetValue(grants) is { Length: > 0 } g ? [.. g] : null,
                Callbacks = result.GetValue(callbacks) is { Length: > 0 } c ? [.. c] : null,
                TokenEndpointAuthMethod = result.GetValue(method),
                ClientSecret = secret,
            }, "app", now);
            var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
            db.Clients.Add(client);
            await db.SaveChangesAsync(cancellationToken);
            output.WriteLine($"client_id     {client.ClientId}");
            output.WriteLine($"client_secret {secret}");
            return 0;
        });
        var list = Simple("list", "List applications.", async (scope, cancellationToken) =>
        {
            foreach (var c in await scope.ServiceProvider.GetRequiredService<AuthDbContext>().Clients.OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken))
            {
                output.WriteLine($"{c.ClientId}  {c.AppType,-15}  {c.Name}  [{string.Join(' ', c.GrantTypes)}]");
            }
        });
        return new Command("apps", "Applications (clients).") { create, list };
    }

    private Command Apis()
    {
        var name = new Option<string?>("--name") { Description = "API name." };
        var identifier = new Option<string>("--identifier") { Required = true, Description = "The audience, e.g. https://api.example.com/." };
        var scopes = new Option<string[]>("--scope") { Description = "A scope (repeat for several).", AllowMultipleArgumentsPerToken = true };
        var alg = new Option<string>("--signing-alg") { DefaultValueFactory = _ => "RS256", Description = "RS256 or HS256." };
        var offline = new Option<bool>("--offline-access") { Description = "Allow refresh tokens (offline_access)." };
        var lifetime = new Option<int>("--token-lifetime") { DefaultValueFactory = _ => 86400, Description = "Access token lifetime in seconds." };
        var create = new Command("create", "Create an API.") { name, identifier, scopes, alg, offline, lifetime };
        create.SetAction(async (result, cancellationToken) =>
        {
            await using var scope = await ScopeAsync(cancellationToken);
            var api = scope.ServiceProvider.GetRequiredService<TenantObjects>().ResourceServer(new TenantFile.ResourceServerSection
            {
                Name = result.GetValue(name),
                Identifier = result.GetValue(identifier),
                SigningAlg = result.GetValue(alg),
                AllowOfflineAccess = result.GetValue(offline),
                TokenLifetime = result.GetValue(lifetime),
                Scopes = (result.GetValue(scopes) ?? []).Select(s => new TenantFile.ScopeSection { Value = s }).ToList(),
            }, "api", DateTime.UtcNow);
            var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
            if (await db.ResourceServers.AnyAsync(r => r.Identifier == api.Identifier, cancellationToken))
            {
                throw new TenantFileException($"An API with identifier {api.Identifier} already exists.");
            }

            db.ResourceServers.Add(api);
            await db.SaveChangesAsync(cancellationToken);
            output.WriteLine($"{api.Id}  {api.Identifier}");
            return 0;
        });
        var list = Simple("list", "List APIs.", async (scope, cancellationToken) =>
        {
            foreach (var r in await scope.ServiceProvider.GetRequiredService<AuthDbContext>().ResourceServers.OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken))
            {
                output.WriteLine($"{r.Id}  {r.Identifier}  {r.SigningAlg}  offline_access={r.AllowOfflineAccess}  [{string.Join(' ', r.Scopes.Select(s => s.Value))}]");
            }
        });
        return new Command("apis", "APIs (resource servers).") { create, list };
    }

    private Command Connections()
    {
        var name = new Option<string>("--name") { Required = true, Description = "Connection name (the realm)." };
        var enable = new Option<string[]>("--enable") { Description = "A client id to enable (repeat for several).", AllowMultipleArgumentsPerToken = true };
        var policy = new Option<string?>("--password-policy") { Description = "none, low, fair, good or excellent." };
        var makeDefault = new Option<bool>("--default") { Description = "Set as the tenant's default directory." };
        var strategy = new Option<string>("--strategy") { DefaultValueFactory = _ => Strategies.Auth0, Description = "auth0 (database) or ad (LDAP / Active Directory)." };
        var optionsJson = new Option<string?>("--options") { Description = "The connection's options as a JSON object (for ad: ldap_url, bind_dn, bind_password, user_search_base, ...)." };
        var create = new Command("create", "Create a database or LDAP connection.") { name, enable, policy, makeDefault, strategy, optionsJson };
        create.SetAction(async (result, cancellationToken) =>
        {
            await using var scope = await ScopeAsync(cancellationToken);
            var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
            var clientIds = await db.Clients.Select(c => c.ClientId).ToListAsync(cancellationToken);
            System.Text.Json.Nodes.JsonObject options;
            try
            {
                options = System.Text.Json.Nodes.JsonNode.Parse(result.GetValue(optionsJson) ?? "{}") as System.Text.Json.Nodes.JsonObject
                    ?? throw new TenantFileException("--options: must be a JSON object.");
            }
            catch (JsonException e)
            {
                throw new TenantFileException($"--options: not JSON ({e.Message})");
            }

            if (result.GetValue(policy) is { } p)
            {
                options["passwordPolicy"] = p;
            }

            var connection = scope.ServiceProvider.GetRequiredService<TenantObjects>().Connection(new TenantFile.ConnectionSection
            {
                Name = result.GetValue(name),
                Strategy = result.GetValue(strategy),
                EnabledClients = [.. result.GetValue(enable) ?? []],
                Options = JsonSerializer.SerializeToElement(options),
            }, "connection", id => clientIds.Contains(id) ? id : null, DateTime.UtcNow);
            db.Connections.Add(connection);
            await db.SaveChangesAsync(cancellationToken);
            if (result.GetValue(makeDefault))
            {
                await db.TenantSettings.ExecuteUpdateAsync(s => s.SetProperty(t => t.DefaultDirectory, connection.Name), cancellationToken);
            }

            output.WriteLine($"{connection.Id}  {connection.Name}");
            return 0;
        });
        var list = Simple("list", "List connections.", async (scope, cancellationToken) =>
        {
            foreach (var c in await scope.ServiceProvider.GetRequiredService<AuthDbContext>().Connections.OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken))
            {
                output.WriteLine($"{c.Id}  {c.Name}  {c.Strategy}  enabled for [{string.Join(' ', c.EnabledClients)}]");
            }
        });
        return new Command("connections", "Connections (database and LDAP).") { create, list };
    }

    private Command Users()
    {
        var connection = new Option<string>("--connection") { Required = true, Description = "Connection name." };
        var email = new Option<string?>("--email") { Description = "Email address." };
        var username = new Option<string?>("--username") { Description = "Username." };
        var password = new Option<string>("--password") { Required = true, Description = "Password (checked against the connection's policy)." };
        var create = new Command("create", "Create a user.") { connection, email, username, password };
        create.SetAction(async (result, cancellationToken) =>
        {
            await using var scope = await ScopeAsync(cancellationToken);
            var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
            var connections = await db.Connections.ToListAsync(cancellationToken);
            var user = scope.ServiceProvider.GetRequiredService<TenantObjects>().User(new TenantFile.UserSection
            {
                Connection = result.GetValue(connection),
                Email = result.GetValue(email),
                Username = result.GetValue(username),
                Password = result.GetValue(password),
            }, "user", n => connections.FirstOrDefault(c => c.Name == n), DateTime.UtcNow);
            if (await db.Users.AnyAsync(u => u.ConnectionId == user.ConnectionId && ((user.NormalizedEmail != null && u.NormalizedEmail == user.NormalizedEmail) || (user.NormalizedUsername != null && u.NormalizedUsername == user.NormalizedUsername)), cancellationToken))
            {
                throw new TenantFileException("The user already exists.");
            }

            db.Users.Add(user);
            await db.SaveChangesAsync(cancellationToken);
            output.WriteLine(user.UserId);
            return 0;
        });
        var list = Simple("list", "List users.", async (scope, cancellationToken) =>
        {
            var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
            var names = await db.Connections.ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
            foreach (var u in await db.Users.OrderBy(u => u.CreatedAt).ToListAsync(cancellationToken))
            {
                output.WriteLine($"{u.UserId}  {names.GetValueOrDefault(u.ConnectionId)}  {u.Email ?? u.Username}{(u.Blocked ? "  (blocked)" : "")}");
            }
        });
        return new Command("users", "Users of database connections.") { create, list, ImportUsers() };
    }

    /// <summary>
    /// <c>users import FILE --connection NAME</c>: Auth0's bulk-import file (JSON array) or its password-hash export
    /// (NDJSON with <c>_id.$oid</c>, <c>alt_id</c>, <c>passwordHash</c>), as an import job, with a progress bar.
    /// </summary>
    private Command ImportUsers()
    {
        var file = new Argument<FileInfo>("file") { Description = "The users file: Auth0's bulk-import JSON array or password-hash export (NDJSON)." };
        var connection = new Option<string>("--connection") { Required = true, Description = "The database connection to import into." };
        var upsert = new Option<bool>("--upsert") { Description = "Update users that already exist (matched by email) instead of reporting them." };
        var command = new Command("import", "Import users, keeping their auth0| ids and password hashes.") { file, connection, upsert };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var scope = await ScopeAsync(cancellationToken);
            var source = result.GetValue(file)!;
            if (!source.Exists)
            {
                throw new TenantFileException($"{source.FullName}: file not found.");
            }

            var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
            var name = result.GetValue(connection)!;
            var target = await db.Connections.FirstOrDefaultAsync(c => c.Name == name, cancellationToken) ?? throw new TenantFileException($"No connection named '{name}'.");
            var jobs = scope.ServiceProvider.GetRequiredService<Jobs.JobService>();
            Directory.CreateDirectory(jobs.UploadDirectory);
            var copy = Path.Combine(jobs.UploadDirectory, "upload-" + Guid.NewGuid().ToString("N"));
            File.Copy(source.FullName, copy);
            var (job, error) = await jobs.CreateImportAsync(new Jobs.ImportRequest(target.Id, result.GetValue(upsert) ? "true" : "false", null, "false", copy), cancellationToken, start: false);
            if (job is null)
            {
                File.Delete(copy);
                throw new TenantFileException(error!.Message);
            }

            var id = job["id"]!.GetValue<string>();
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
            await console.Progress().StartAsync(async context =>
            {
                var task = context.AddTask($"Importing {source.Name}", maxValue: Math.Max(1, source.Length));
                await scope.ServiceProvider.GetRequiredService<Jobs.UserImporter>().RunAsync(id, Path.Combine(jobs.UploadDirectory, id + ".users"),
                    new Progress<(long Done, long Total)>(p => task.Value = p.Done), cancellationToken);
                task.Value = task.MaxValue;
            });

            var done = (await jobs.GetAsync(id, cancellationToken))!;
            var summary = done["summary"]!;
            output.WriteLine($"Job {id} {done["status"]}: {summary["inserted"]} inserted, {summary["updated"]} updated, {summary["failed"]} failed of {summary["total"]}.");
            if (done["status_details"] is { } details)
            {
                output.WriteLine(details.GetValue<string>());
            }

            foreach (var failure in (await jobs.ErrorsAsync(id, cancellationToken))!.Take(20))
            {
                output.WriteLine($"  refused: {failure!["errors"]!.ToJsonString()}");
            }

            return done["status"]!.GetValue<string>() == Storage.Entities.Job.Completed ? 0 : 1;
        });
        return command;
    }

    private Command Grants()
    {
        var client = new Option<string>("--client") { Required = true, Description = "Client id." };
        var audience = new Option<string>("--audience") { Required = true, Description = "API identifier." };
        var scopes = new Option<string[]>("--scope") { Description = "A scope (repeat for several).", AllowMultipleArgumentsPerToken = true };
        var create = new Command("create", "Authorise a client for an API (client credentials).") { client, audience, scopes };
        create.SetAction(async (result, cancellationToken) =>
        {
            await using var scope = await ScopeAsync(cancellationToken);
            var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
            var api = await scope.ServiceProvider.GetRequiredService<ApiResolver>().FindAsync(result.GetValue(audience)!, cancellationToken)
                ?? throw new TenantFileException($"No API {result.GetValue(audience)}.");
            var clientId = result.GetValue(client)!;
            if (!await db.Clients.AnyAsync(c => c.ClientId == clientId, cancellationToken))
            {
                throw new TenantFileException($"No client {clientId}.");
            }

            var stored = scope.ServiceProvider.GetRequiredService<ApiResolver>().ToStored(api.Identifier);
            db.ClientGrants.Add(TenantObjects.ClientGrant(clientId, stored, result.GetValue(scopes) ?? [], api.Scopes.Select(s => s.Value), "--scope", DateTime.UtcNow));
            await db.SaveChangesAsync(cancellationToken);
            output.WriteLine("Client grant created.");
            return 0;
        });
        return new Command("grants", "Client grants.") { create };
    }

    private Command Keys()
    {
        var rotate = Simple("rotate", "Make the next signing key current and publish a new next key.", async (_, cancellationToken) =>
        {
            var ring = services.GetRequiredService<SigningKeyRing>();
            await ring.InitializeAsync(cancellationToken);
            var current = await ring.RotateAsync(cancellationToken);
            output.WriteLine($"Current signing key: {current.Kid}");
        });
        var list = Simple("list", "List signing keys.", async (scope, cancellationToken) =>
        {
            foreach (var k in await scope.ServiceProvider.GetRequiredService<AuthDbContext>().SigningKeys.OrderByDescending(k => k.CreatedAt).ToListAsync(cancellationToken))
            {
                var state = k.RevokedAt is not null ? "revoked" : k.IsCurrent ? "current" : k.IsNext ? "next" : "previous";
                output.WriteLine($"{k.Kid}  {state}");
            }
        });
        return new Command("keys", "Signing keys.") { rotate, list };
    }

    private Command Export()
    {
        var file = new Option<string>("--out") { Required = true, Description = "Where to write: a file (JSON, or YAML for deploy-cli when it ends in .yaml or .yml) or, for deploy-cli, a directory." };
        var format = new Option<string>("--format") { DefaultValueFactory = _ => "json", Description = "json (Authgate's tenant file, with secrets and password hashes) or deploy-cli (Auth0 Deploy CLI YAML or directory, without secrets or users)." };
        format.AcceptOnlyFromAmong("json", "deploy-cli");
        var command = new Command("export", "Write the tenant as a tenant file or as an Auth0 Deploy CLI export.") { file, format };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var scope = await ScopeAsync(cancellationToken);
            var tenant = await TenantAsync(scope, cancellationToken);
            var path = Path.GetFullPath(result.GetValue(file)!);
            if (result.GetValue(format) == "deploy-cli")
            {
                foreach (var note in DeployCliExport.Write(tenant, path))
                {
                    output.WriteLine(note);
                }

                output.WriteLine($"Tenant written to {path} (Auth0 Deploy CLI {(DeployCliReader.IsYaml(path) ? "YAML" : "directory")} format).");
                return 0;
            }

            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await using (var stream = new FileStream(path, options))
            {
                await JsonSerializer.SerializeAsync(stream, tenant, TenantFile.JsonOptions, cancellationToken);
            }

            output.WriteLine($"Tenant written to {path}.");
            return 0;
        });
        return command;
    }

    /// <summary>The whole tenant as a tenant file, with secrets and password hashes.</summary>
    private static async Task<TenantFile> TenantAsync(AsyncServiceScope scope, CancellationToken cancellationToken)
    {
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        var export = scope.ServiceProvider.GetRequiredService<TenantExport>();
        var apis = scope.ServiceProvider.GetRequiredService<ApiResolver>();
        var connections = await db.Connections.OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken);
        var names = connections.ToDictionary(c => c.Id, c => c.Name);
        var credentials = await db.ClientCredentials.ToListAsync(cancellationToken);
        return new TenantFile
        {
            Tenant = export.Tenant(await db.TenantSettings.FirstAsync(cancellationToken)),
            ResourceServers = (await db.ResourceServers.OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken)).Select(r => export.ResourceServer(r, includeSecret: true)).ToList(),
            Clients = (await db.Clients.OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken))
                .Select(c => export.Client(c, includeSecret: true, credentials.Where(k => k.ClientId == c.ClientId).ToList())).ToList(),
            Connections = connections.Select(export.ConnectionWithSecret).ToList(),
            Users = (await db.Users.OrderBy(u => u.CreatedAt).ToListAsync(cancellationToken)).Select(u => TenantExport.User(u, names[u.ConnectionId], includePasswordHash: true)).ToList(),
            ClientGrants = (await db.ClientGrants.OrderBy(g => g.CreatedAt).ToListAsync(cancellationToken))
                .Select(g => new TenantFile.ClientGrantSection { ClientId = g.ClientId, Audience = apis.ToWire(g.Audience), Scope = g.Scope }).ToList(),
        };
    }

    private Command Import()
    {
        var file = new Argument<string>("file") { Description = "A tenant file (e.g. from export): Authgate JSON, a Deploy CLI tenant.yaml or export directory." };
        var keywords = KeywordsOption();
        var command = new Command("import", "Apply a tenant file to an empty database.") { file, keywords };
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var scope = await ScopeAsync(cancellationToken);
            var seeder = scope.ServiceProvider.GetRequiredService<TenantSeeder>();
            if (!await seeder.IsEmptyAsync(cancellationToken))
            {
                output.WriteLine("The database already holds a tenant; import needs an empty database.");
                return 1;
            }

            var source = TenantFileReader.Read(result.GetValue(file)!, result.GetValue(keywords), Environment.GetEnvironmentVariables());
            await seeder.ApplyAsync(source.File, cancellationToken);
            await services.GetRequiredService<SigningKeyRing>().InitializeAsync(cancellationToken);
            output.WriteLine("Tenant imported.");
            source.Report(output);
            return 0;
        });
        return command;
    }

    private Command Simple(string name, string description, Func<AsyncServiceScope, CancellationToken, Task> action)
    {
        var command = new Command(name, description);
        command.SetAction(async (_, cancellationToken) =>
        {
            await using var scope = await ScopeAsync(cancellationToken);
            await action(scope, cancellationToken);
            return 0;
        });
        return command;
    }

    /// <summary>A scope on an up-to-date schema: every command migrates first, as the server does at start.</summary>
    private async Task<AsyncServiceScope> ScopeAsync(CancellationToken cancellationToken)
    {
        var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync(cancellationToken: cancellationToken);
        return scope;
    }

    private static Option<string?> KeywordsOption() =>
        new("--keywords") { Description = "Keyword mappings for a Deploy CLI export (##KEY##, @@KEY@@): a JSON object or a0deploy's config.json; environment variables count too." };
}
