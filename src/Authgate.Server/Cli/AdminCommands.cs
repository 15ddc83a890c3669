using System.CommandLine;
using System.Text.Json;
using Authgate.Management;
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
        var create = new Command("create", "Create a database connection.") { name, enable, policy, makeDefault };
        create.SetAction(async (result, cancellationToken) =>
        {
            await using var scope = await ScopeAsync(cancellationToken);
            var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
            var clientIds = await db.Clients.Select(c => c.ClientId).ToListAsync(cancellationToken);
            var options = result.GetValue(policy) is { } p ? JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["passwordPolicy"] = p }) : (JsonElement?)null;
            var connection = TenantObjects.Connection(new TenantFile.ConnectionSection
            {
                Name = result.GetValue(name),
                Strategy = Strategies.Auth0,
                EnabledClients = [.. result.GetValue(enable) ?? []],
                Options = options,
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
                output.WriteLine($"{c.Id}  {c.Name}  enabled for [{string.Join(' ', c.EnabledClients)}]");
            }
        });
        return new Command("connections", "Database connections.") { create, list };
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
        return new Command("users", "Users of database connections.") { create, list };
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
            Connections = connections.Select(TenantExport.Connection).ToList(),
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
