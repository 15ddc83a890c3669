using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Authgate.Admin;
using Authgate.Admin.ClientGrants;
using Authgate.Admin.Clients;
using Authgate.Admin.Connections;
using Authgate.Admin.Lists;
using Authgate.Admin.ResourceServers;
using Authgate.Admin.Tenant;
using Authgate.Admin.Users;
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

/// <summary>
/// The command tree. Each command builds the Management API body its options stand for and hands it to the same
/// admin service the API uses, so the CLI accepts and refuses exactly what the API does, with the same messages.
/// </summary>
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
        root.Subcommands.Add(Tenant());
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
        root.Subcommands.Add(new AdminsCommand(services, output).Build());
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
                await seeder.ApplyAsync(source.Document, cancellationToken);
                output.WriteLine($"Tenant created from {Path.GetFullPath(file)}.");
                source.Report(output);
            }
            else
            {
                var (tenant, credentials) = DemoTenant.Create();
                await seeder.ApplyAsync(TenantDocument.From(tenant), cancellationToken);
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
            var body = new JsonObject { ["name"] = result.GetValue(name), ["app_type"] = result.GetValue(type) };
            SetList(body, "grant_types", result.GetValue(grants));
            SetList(body, "callbacks", result.GetValue(callbacks));
            if (result.GetValue(method) is { } m)
            {
                body["token_endpoint_auth_method"] = m;
            }

            var client = Check(await scope.ServiceProvider.GetRequiredService<ClientService>().CreateAsync(body, cancellationToken));
            output.WriteLine($"client_id     {client.String("client_id")}");
            output.WriteLine($"client_secret {client.String("client_secret")}");
            return 0;
        });
        var list = Simple("list", "List applications.", async (scope, cancellationToken) =>
        {
            foreach (var c in await AllAsync(q => scope.ServiceProvider.GetRequiredService<ClientService>().ListAsync(q, ClientFilter.None, false, cancellationToken)))
            {
                output.WriteLine($"{c.String("client_id")}  {c.String("app_type"),-15}  {c.String("name")}  [{string.Join(' ', c.Strings("grant_types") ?? [])}]");
            }
        });
        return new Command("apps", "Applications (clients).") { create, list };
    }

    private Command Apis()
    {
        var name = new Option<string?>("--name") { Description = "API name." };
        var identifier = new Option<string>("--identifier") { Required = true, Description = "The audience, e.g. https://api.example.com/." };
        var scopes = new Option<string[]>("--scope") { Description = "A scope (repeat for several).", AllowMultipleArgumentsPerToken = true };
        var alg = new Option<string>("--signing-alg") { DefaultValueFactory = _ => "RS256", Description = "RS256, RS512, PS256 or HS256." };
        var offline = new Option<bool>("--offline-access") { Description = "Allow refresh tokens (offline_access)." };
        var lifetime = new Option<int>("--token-lifetime") { DefaultValueFactory = _ => 86400, Description = "Access token lifetime in seconds." };
        var create = new Command("create", "Create an API.") { name, identifier, scopes, alg, offline, lifetime };
        create.SetAction(async (result, cancellationToken) =>
        {
            await using var scope = await ScopeAsync(cancellationToken);
            var body = new JsonObject
            {
                ["identifier"] = result.GetValue(identifier),
                ["signing_alg"] = result.GetValue(alg),
                ["allow_offline_access"] = result.GetValue(offline),
                ["token_lifetime"] = result.GetValue(lifetime),
                ["scopes"] = new JsonArray((result.GetValue(scopes) ?? []).Select(s => (JsonNode)new JsonObject { ["value"] = s }).ToArray()),
            };
            if (result.GetValue(name) is { } n)
            {
                body["name"] = n;
            }

            var api = Check(await scope.ServiceProvider.GetRequiredService<ResourceServerService>().CreateAsync(body, cancellationToken));
            output.WriteLine($"{api.String("id")}  {api.String("identifier")}");
            return 0;
        });
        var list = Simple("list", "List APIs.", async (scope, cancellationToken) =>
        {
            foreach (var r in await AllAsync(q => scope.ServiceProvider.GetRequiredService<ResourceServerService>().ListAsync(q, [], cancellationToken)))
            {
                var values = (r["scopes"] as JsonArray ?? []).OfType<JsonObject>().Select(s => s.String("value"));
                output.WriteLine($"{r.String("id")}  {r.String("identifier")}  {r.String("signing_alg")}  offline_access={r.Bool("allow_offline_access")}  [{string.Join(' ', values)}]");
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
        var optionsJson = new Option<string?>("--options") { Description = "The connection's options as a JSON object (for ad: ldap_url, bind_dn, bind_password, user_search_base, ...; for a custom database: import_mode, configuration, allowed_hosts, ...)." };
        var scriptFiles = new Option<string[]>("--script")
        {
            Description = "A custom database script read from a file, NAME=FILE (login=login.js, get_user=get_user.js); repeat for several. Turns enabledDatabaseCustomization on.",
            AllowMultipleArgumentsPerToken = true,
        };
        var create = new Command("create", "Create a database, custom database or LDAP connection.") { name, enable, policy, makeDefault, strategy, optionsJson, scriptFiles };
        create.SetAction(async (result, cancellationToken) =>
        {
            await using var scope = await ScopeAsync(cancellationToken);
            var options = ParseOptions(result.GetValue(optionsJson));
            if (result.GetValue(policy) is { } p)
            {
                options["passwordPolicy"] = p;
            }

            foreach (var script in result.GetValue(scriptFiles) ?? [])
            {
                var separator = script.IndexOf('=', StringComparison.Ordinal);
                if (separator <= 0 || separator == script.Length - 1)
                {
                    throw new CommandException($"--script: '{script}' is not NAME=FILE.");
                }

                var file = script[(separator + 1)..];
                if (!File.Exists(file))
                {
                    throw new CommandException($"--script: no file '{file}'.");
                }

                var scripts = options["customScripts"] as JsonObject ?? [];
                scripts[script[..separator]] = await File.ReadAllTextAsync(file, cancellationToken);
                options["customScripts"] = scripts;
                options["enabledDatabaseCustomization"] ??= true;
            }

            var body = new JsonObject
            {
                ["name"] = result.GetValue(name),
                ["strategy"] = result.GetValue(strategy),
                ["enabled_clients"] = AdminJson.Array(result.GetValue(enable) ?? []),
                ["options"] = options,
            };
            var connection = Check(await scope.ServiceProvider.GetRequiredService<ConnectionService>().CreateAsync(body, cancellationToken));
            if (result.GetValue(makeDefault))
            {
                Check(await scope.ServiceProvider.GetRequiredService<TenantSettingsService>().UpdateAsync(new JsonObject { ["default_directory"] = connection.String("name") }, cancellationToken));
            }

            output.WriteLine($"{connection.String("id")}  {connection.String("name")}");
            return 0;
        });
        var list = Simple("list", "List connections.", async (scope, cancellationToken) =>
        {
            foreach (var c in await AllAsync(q => scope.ServiceProvider.GetRequiredService<ConnectionService>().ListAsync(q, [], null, cancellationToken)))
            {
                output.WriteLine($"{c.String("id")}  {c.String("name")}  {c.String("strategy")}  enabled for [{string.Join(' ', c.Strings("enabled_clients") ?? [])}]");
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
            var body = new JsonObject { ["connection"] = result.GetValue(connection), ["password"] = result.GetValue(password) };
            if (result.GetValue(email) is { } e)
            {
                body["email"] = e;
            }

            if (result.GetValue(username) is { } u)
            {
                body["username"] = u;
            }

            var user = Check(await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync(body, cancellationToken));
            output.WriteLine(user.String("user_id"));
            return 0;
        });
        var list = Simple("list", "List users.", async (scope, cancellationToken) =>
        {
            foreach (var u in await AllAsync(q => scope.ServiceProvider.GetRequiredService<UserService>().ListAsync(q, UserQuery.None, cancellationToken)))
            {
                var identity = (u["identities"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault();
                output.WriteLine($"{u.String("user_id")}  {identity?.String("connection")}  {u.String("email") ?? u.String("username")}{(u.Bool("blocked") == true ? "  (blocked)" : "")}");
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
                throw new CommandException($"{source.FullName}: file not found.");
            }

            var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
            var name = result.GetValue(connection)!;
            var target = await db.Connections.FirstOrDefaultAsync(c => c.Name == name, cancellationToken) ?? throw new CommandException($"No connection named '{name}'.");
            var jobs = scope.ServiceProvider.GetRequiredService<Jobs.JobService>();
            Directory.CreateDirectory(jobs.UploadDirectory);
            var copy = Path.Combine(jobs.UploadDirectory, "upload-" + Guid.NewGuid().ToString("N"));
            File.Copy(source.FullName, copy);
            var created = await jobs.CreateImportAsync(new Jobs.ImportRequest(target.Id, result.GetValue(upsert) ? "true" : "false", null, "false", copy), cancellationToken, start: false);
            if (!created.TryGet(out var job, out var error))
            {
                File.Delete(copy);
                throw new CommandException(error.Message);
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
            var body = new JsonObject
            {
                ["client_id"] = result.GetValue(client),
                ["audience"] = result.GetValue(audience),
                ["scope"] = AdminJson.Array(result.GetValue(scopes) ?? []),
            };
            var grant = Check(await scope.ServiceProvider.GetRequiredService<ClientGrantService>().CreateAsync(body, cancellationToken));
            output.WriteLine($"Client grant created: {grant.String("id")}");
            return 0;
        });
        return new Command("grants", "Client grants.") { create };
    }

    private Command Tenant()
    {
        var directory = new Option<string?>("--default-directory") { Description = "Connection the password grant uses; \"\" unsets it." };
        var audience = new Option<string?>("--default-audience") { Description = "API used when a token request names none; \"\" unsets it." };
        var friendlyName = new Option<string?>("--friendly-name") { Description = "The tenant's display name." };
        var set = new Command("set", "Change tenant settings (as PATCH /api/v2/tenants/settings).") { directory, audience, friendlyName };
        set.SetAction(async (result, cancellationToken) =>
        {
            await using var scope = await ScopeAsync(cancellationToken);
            var body = new JsonObject();
            foreach (var (option, field) in new[] { (directory, "default_directory"), (audience, "default_audience"), (friendlyName, "friendly_name") })
            {
                if (result.GetValue(option) is { } value)
                {
                    body[field] = value;
                }
            }

            var tenant = Check(await scope.ServiceProvider.GetRequiredService<TenantSettingsService>().UpdateAsync(body, cancellationToken));
            output.WriteLine(tenant.ToJsonString(TenantDocument.WriteOptions));
            return 0;
        });
        var show = Simple("show", "Show the tenant settings.", async (scope, cancellationToken) =>
            output.WriteLine((await scope.ServiceProvider.GetRequiredService<TenantSettingsService>().GetAsync(cancellationToken)).ToJsonString(TenantDocument.WriteOptions)));
        return new Command("tenant", "Tenant settings.") { show, set };
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
            var document = await scope.ServiceProvider.GetRequiredService<TenantExporter>().ExportAsync(cancellationToken);
            var path = Path.GetFullPath(result.GetValue(file)!);
            if (result.GetValue(format) == "deploy-cli")
            {
                foreach (var note in DeployCliExport.Write(document, path))
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
            await using (var writer = new StreamWriter(stream))
            {
                await writer.WriteAsync(document.ToJson());
            }

            output.WriteLine($"Tenant written to {path}.");
            return 0;
        });
        return command;
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
            await seeder.ApplyAsync(source.Document, cancellationToken);
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

    /// <summary>The <c>--options</c> value: a JSON object (what the API takes as <c>options</c>).</summary>
    private static JsonObject ParseOptions(string? json)
    {
        try
        {
            return JsonNode.Parse(json ?? "{}") as JsonObject ?? throw new CommandException("--options: must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new CommandException($"--options: not JSON ({e.Message})");
        }
    }

    private static void SetList(JsonObject body, string name, string[]? values)
    {
        if (values is { Length: > 0 })
        {
            body[name] = AdminJson.Array(values);
        }
    }

    /// <summary>The service's answer, or its error as the command's failure (the same message the API gives).</summary>
    private static T Check<T>(AdminResult<T> result) where T : class =>
        result.TryGet(out var value, out var error) ? value : throw new CommandException(error.Message);

    /// <summary>Every item of a list, page after page.</summary>
    private static async Task<List<JsonObject>> AllAsync(Func<ListQuery, Task<AdminResult<ListPage>>> list)
    {
        var all = new List<JsonObject>();
        for (var page = 0; ; page++)
        {
            var items = Check(await list(ListQuery.Default with { Page = page, PerPage = ListQuery.MaxPerPage })).Items;
            all.AddRange(items);
            if (items.Count < ListQuery.MaxPerPage)
            {
                return all;
            }
        }
    }

    private static Option<string?> KeywordsOption() =>
        new("--keywords") { Description = "Keyword mappings for a Deploy CLI export (##KEY##, @@KEY@@): a JSON object or a0deploy's config.json; environment variables count too." };
}
