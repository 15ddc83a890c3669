using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using Authgate.Tenants;
using Authgate.Tenants.DeployCli;

namespace Authgate.Tests.Tenants.DeployCli;

/// <summary>An Auth0 Deploy CLI export read as a tenant file: keywords, names for ids, placeholders, secrets, what is skipped.</summary>
public sealed class DeployCliImportTests
{
    [Theory]
    [MemberData(nameof(DeployCliExports.Formats), MemberType = typeof(DeployCliExports))]
    public void The_exported_tenant_reads_with_keywords_replaced_and_the_rest_as_the_export_holds_it(string format)
    {
        var document = DeployCliExports.Read(DeployCliExports.PathOf(format)).Document;

        document.Tenant!["friendly_name"]!.GetValue<string>().Should().Be("Shop (staging)");
        document.Tenant["default_audience"]!.GetValue<string>().Should().BeEmpty("'' is passed on: the tenant service takes it as unset");
        document.Tenant["session_lifetime"]!.GetValue<double>().Should().Be(168, "hours, as exported: tenant files take them");

        var clients = document.Clients.ToDictionary(c => c["name"]!.GetValue<string>());
        clients.Keys.Should().BeEquivalentTo("Shop Web", "Shop SPA", "Inventory Service", "Shop Deploy Pipeline");
        clients["Shop Web"]["callbacks"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Equal("https://shop.example.test/callback", "https://shop.example.test/silent-callback");
        clients["Shop Web"]["client_id"]!.GetValue<string>().Should().HaveLength(32, "a confidential client gets its id with its generated secret");
        clients["Shop SPA"].ContainsKey("client_id").Should().BeFalse("the client service gives a public client its id");

        var connections = document.Connections.ToDictionary(c => c["name"]!.GetValue<string>());
        connections.Keys.Should().BeEquivalentTo("Shop-Users", "Legacy-Users", "google-oauth2");
        connections["Shop-Users"]["enabled_clients"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Equal(["Shop SPA", "Shop Web"], "names are resolved when the file is applied");
        connections["Shop-Users"]["strategy"]!.GetValue<string>().Should().Be("auth0");
        var legacy = connections["Legacy-Users"]["options"]!;
        legacy["customScripts"]!["login"]!.GetValue<string>().Should().StartWith("function login(email, password, callback)");
        legacy["configuration"]!["LEGACY_API"]!.GetValue<string>().Should().Be("https://legacy.shop.example.test/api");
        connections["google-oauth2"]["options"]!.AsObject().ContainsKey("client_secret").Should().BeFalse("an unresolved keyword is left out");

        document.ClientGrants.Select(g => (g["client_id"]!.GetValue<string>(), g["audience"]!.GetValue<string>())).Should().BeEquivalentTo(new[]
        {
            ("Inventory Service", "https://api.shop.example.test/"),
            ("Shop Deploy Pipeline", "https://shop-staging.eu.auth0.com/api/v2/"),
        });
        document.ResourceServers.Select(r => r["identifier"]!.GetValue<string>()).Should().BeEquivalentTo("https://api.shop.example.test/", "https://hooks.shop.example.test/");
        document.AttackProtection!.Select(p => p.Key).Should().BeEquivalentTo("bruteForceProtection", "suspiciousIpThrottling", "breachedPasswordDetection");
        document.AttackProtection!["suspiciousIpThrottling"]!["stage"]!["pre-user-registration"]!["rate"]!.GetValue<int>().Should().Be(1200);
    }

    [Theory]
    [MemberData(nameof(DeployCliExports.Formats), MemberType = typeof(DeployCliExports))]
    public void Secrets_the_export_cannot_carry_are_generated_for_confidential_clients_and_hs256_apis_and_reported(string format)
    {
        var source = DeployCliExports.Read(DeployCliExports.PathOf(format));
        var clients = source.Document.Clients.ToDictionary(c => c["name"]!.GetValue<string>());
        string Field(string client, string field) => clients[client][field]!.GetValue<string>();

        source.Secrets.Select(s => (s.Field, s.Owner)).Should().BeEquivalentTo(new[]
        {
            ("client_secret", $"client \"Shop Web\" (client_id {Field("Shop Web", "client_id")})"),
            ("client_secret", $"client \"Inventory Service\" (client_id {Field("Inventory Service", "client_id")})"),
            ("client_secret", $"client \"Shop Deploy Pipeline\" (client_id {Field("Shop Deploy Pipeline", "client_id")})"),
            ("signing_secret", "API \"Partner Webhooks\" (https://hooks.shop.example.test/)"),
        });
        source.Secrets.Single(s => s.Owner.Contains("Shop Web", StringComparison.Ordinal)).Value.Should().Be(Field("Shop Web", "client_secret")).And.HaveLength(64);
        source.Document.ResourceServers.Single(r => r["name"]!.GetValue<string>() == "Partner Webhooks")["signing_secret"]!.GetValue<string>()
            .Should().Be(source.Secrets.Single(s => s.Field == "signing_secret").Value);
        clients["Shop SPA"].ContainsKey("client_secret").Should().BeFalse("a public client needs no secret");

        var report = new StringWriter();
        source.Report(report);
        report.ToString().Should().Contain($"Generated client_secret for client \"Shop Web\" (client_id {Field("Shop Web", "client_id")}): {Field("Shop Web", "client_secret")} (shown once)");
    }

    [Fact]
    public void In_production_generated_secrets_go_to_an_owner_only_file_and_not_to_the_output()
    {
        var source = DeployCliExports.Read(DeployCliExports.PathOf("yaml"));
        var directory = DeployCliExports.NewDirectory();
        var output = new StringWriter();

        source.Report(output, secretsDirectory: directory);

        var file = Path.Combine(directory, TenantSource.SecretsFile);
        output.ToString().Should().Contain($"they are in {file}").And.Contain("client_secret for client \"Shop Web\"");
        source.Secrets.Should().OnlyContain(s => !output.ToString().Contains(s.Value, StringComparison.Ordinal));
        var written = JsonNode.Parse(File.ReadAllText(file))!.AsArray();
        written.Select(s => s!["value"]!.GetValue<string>()).Should().BeEquivalentTo(source.Secrets.Select(s => s.Value));
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(file).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Theory]
    [InlineData("yaml", new[] { "connections[google-oauth2]: options.client_secret is the unresolved placeholder ##CONNECTIONS_GOOGLE_OAUTH2_SECRET## and was left unset (define it in the keyword mappings to set it).", "emailProvider: skipped, Authgate does not serve this resource type.", "roles: not applied from a tenant file; import it with a0deploy or through /api/v2/roles.", "guardianFactors: not applied from a tenant file; import it with a0deploy or through /api/v2/guardian/factors/{name}." })]
    [InlineData("directory", new[] { "connections[google-oauth2]: options.client_secret is the unresolved placeholder ##CONNECTIONS_GOOGLE_OAUTH2_SECRET## and was left unset (define it in the keyword mappings to set it).", "emails/: skipped, Authgate does not serve this resource type.", "roles: not applied from a tenant file; import it with a0deploy or through /api/v2/roles.", "guardian: not applied from a tenant file; import it with a0deploy or through /api/v2/guardian/factors/{name} and /api/v2/guardian/policies." })]
    public void Resource_types_authgate_does_not_serve_are_skipped_with_one_line_each(string format, string[] expected)
    {
        var notes = DeployCliExports.Read(DeployCliExports.PathOf(format)).Notes;

        notes.Should().Contain(expected);
        notes.Should().OnlyHaveUniqueItems();
        notes.Should().NotContain(n => n.StartsWith("rules", StringComparison.Ordinal) || n.StartsWith("hooks", StringComparison.Ordinal), "empty lists are not worth a line");
        notes.Where(n => n.StartsWith("roles", StringComparison.Ordinal)).Should().ContainSingle("Authgate serves roles through its Management API, not through tenant files");
        notes.Should().NotContain(n => n.StartsWith("attackProtection", StringComparison.Ordinal), "tenant files carry attack protection");
    }

    [Fact]
    public void Both_formats_of_one_export_read_to_the_same_tenant_file()
    {
        Portable(DeployCliExports.Read(DeployCliExports.PathOf("directory")).Document)
            .Should().Be(Portable(DeployCliExports.Read(DeployCliExports.PathOf("yaml")).Document));
    }

    [Fact]
    public void Environment_variables_are_keywords_too_and_win_over_the_mappings_file()
    {
        var document = DeployCliExports.Read(DeployCliExports.PathOf("yaml"), new Hashtable { ["AUTH0_DOMAIN"] = "auth.shop.example.test", ["TENANT_NAME"] = "Shop" }).Document;

        document.Tenant!["friendly_name"]!.GetValue<string>().Should().Be("Shop");
        document.ClientGrants.Select(g => g["audience"]!.GetValue<string>()).Should().Contain("https://auth.shop.example.test/api/v2/");
    }

    [Fact]
    public void Edge_cases_of_real_exports_follow_a0deploy()
    {
        var path = DeployCliExports.WriteYaml("""
            tenant:
              friendly_name: ''
              default_audience: ''
              session_lifetime: 3.0166666666666666
              idle_session_lifetime: 1
              flags: {}
            clients:
              - name: All Applications
                global: true
              - name: Basic Auth Service
                app_type: non_interactive
                token_endpoint_auth_method: client_secret_basic
                client_secret: _VALUE_NOT_SHOWN_
                description: '##UNMAPPED_DESCRIPTION##'
              - name: Kept
                client_id: keptClientId0001
                client_secret: a-secret-the-export-carried-0123456789abcdef
                app_type: non_interactive
              - name: Native
                app_type: native
            resourceServers:
              - name: Auth0 Management API
                identifier: https://shop.eu.auth0.com/api/v2/
              - name: Given Secret
                identifier: https://given.test/
                signing_alg: HS256
                signing_secret: given-signing-secret-0123456789abcdefgh
            databases:
              - name: db
                enabled_clients: [Kept, Native]
            clientGrants:
              - client_id: Kept
                audience: https://shop.eu.auth0.com/api/v2/
                scope: [read:users, read:rate_limit_policies, create:organizations]
              - client_id: keptClientId0001
                audience: https://given.test/
                scope: []
            attackProtection:
              bruteForceProtection:
                max_attempts: 5
                form_submission_mode: legacy
              botDetection:
                bot_detection_level: medium
            rules: []
            hooks: []
            triggers: {}
            """);
        var notes = new List<string>();
        var secrets = new List<GeneratedSecret>();
        var json = DeployCliImport.ToTenantJson(DeployCliReader.ReadYaml(path, KeywordMappings.None, notes), notes, secrets);

        json["tenant"]!.ToJsonString().Should().Be("""{"friendly_name":"","default_audience":"","session_lifetime":3.0166666666666666,"idle_session_lifetime":1,"flags":{}}""",
            "the tenant service reads '' as unset and takes hours; nothing is converted twice");
        var clients = json["clients"]!.AsArray().Select(c => c!.AsObject()).ToDictionary(c => c["name"]!.GetValue<string>());
        clients.Keys.Should().BeEquivalentTo("Basic Auth Service", "Kept", "Native");
        clients["Kept"]["client_id"]!.GetValue<string>().Should().Be("keptClientId0001");
        clients["Kept"]["client_secret"]!.GetValue<string>().Should().Be("a-secret-the-export-carried-0123456789abcdef");
        clients["Basic Auth Service"].ContainsKey("description").Should().BeFalse();
        secrets.Select(s => s.Owner).Should().ContainSingle().Which.Should().StartWith("client \"Basic Auth Service\"");
        clients["Native"].ContainsKey("client_secret").Should().BeFalse();

        json["resourceServers"]!.AsArray().Select(r => r!["identifier"]!.GetValue<string>()).Should().Equal("https://given.test/");
        json["connections"]![0]!["strategy"]!.GetValue<string>().Should().Be("auth0", "databases are auth0 connections");
        json["clientGrants"]![0]!["scope"]!.AsArray().Select(s => s!.GetValue<string>()).Should().Equal("read:users");
        json["attackProtection"]!.ToJsonString().Should().Be("""{"bruteForceProtection":{"max_attempts":5}}""", "a0deploy strips the form-submission fields");

        notes.Should().BeEquivalentTo(
            "clients[All Applications]: skipped, the global client (All Applications) has no equivalent in Authgate.",
            "clients[Basic Auth Service]: description is the unresolved placeholder ##UNMAPPED_DESCRIPTION## and was left unset (define it in the keyword mappings to set it).",
            "resourceServers[Auth0 Management API]: skipped, Authgate's Management API is built in.",
            "clientGrants[Kept → https://shop.eu.auth0.com/api/v2/]: 2 Management API scope(s) Authgate does not have were left out: read:rate_limit_policies, create:organizations.",
            "attackProtection.botDetection: skipped, Authgate has no Bot Detection.");
    }

    [Fact]
    public void An_ldap_connection_is_imported_when_it_carries_authgate_options_and_skipped_with_a_line_otherwise()
    {
        var path = DeployCliExports.WriteYaml("""
            connections:
              - name: corp-ad
                strategy: ad
                options:
                  ips: [10.0.0.1]
                  tenant_domain: corp.example.test
              - name: corp-ldap
                strategy: ad
                options:
                  ldap_url: ldaps://ldap.corp.example.test
                  bind_dn: cn=authgate,dc=corp,dc=example,dc=test
                  bind_password: '##CORP_BIND_PASSWORD##'
                  user_search_base: ou=people,dc=corp,dc=example,dc=test
            """);

        var source = DeployCliExports.Read(path, new Hashtable { ["CORP_BIND_PASSWORD"] = "s3cret-bind" });

        source.Document.Connections.Should().ContainSingle().Which["name"]!.GetValue<string>().Should().Be("corp-ldap");
        source.Document.Connections[0]["options"]!["bind_password"]!.GetValue<string>().Should().Be("s3cret-bind");
        source.Notes.Should().ContainSingle().Which.Should().StartWith("connections[corp-ad]: skipped, an Auth0 AD/LDAP connection works through Auth0's connector");
    }

    [Fact]
    public void Export_turns_secrets_into_keywords_and_names_clients()
    {
        var document = TenantDocument.Parse("""
            {
              "resourceServers": [{ "name": "Hooks API", "identifier": "https://hooks.test/", "signing_alg": "HS256", "signing_secret": "hs256-secret-0123456789-0123456789-abcd" }],
              "clients": [{ "name": "Web", "client_id": "webClientId", "client_secret": "web-secret-0123456789-0123456789-abcdef" }],
              "connections": [
                { "name": "db", "strategy": "auth0", "enabled_clients": ["webClientId"] },
                { "name": "corp-ldap", "strategy": "ad", "options": { "ldap_url": "ldaps://ldap.test", "bind_password": "s3cret-bind" } }
              ],
              "clientGrants": [{ "client_id": "webClientId", "audience": "https://hooks.test/", "scope": [] }]
            }
            """);

        var assets = DeployCliExport.Assets(document);

        var yaml = YamlJson.Write(assets);
        yaml.Should().NotContain("hs256-secret").And.NotContain("web-secret").And.NotContain("s3cret-bind").And.NotContain("webClientId");
        assets["resourceServers"]![0]!["signing_secret"]!.GetValue<string>().Should().Be("##HOOKS_API_SIGNING_SECRET##");
        assets["connections"]![0]!["options"]!["bind_password"]!.GetValue<string>().Should().Be("##CORP_LDAP_BIND_PASSWORD##");
        assets["databases"]![0]!["enabled_clients"]![0]!.GetValue<string>().Should().Be("Web");
        assets["clientGrants"]![0]!["client_id"]!.GetValue<string>().Should().Be("Web");
        assets["tenant"]!.ToJsonString().Should().Be("""{"default_audience":"","default_directory":""}""");
    }

    [Theory]
    [InlineData("databases:\n  - name: db\n    options:\n      customScripts:\n        login: ../../outside.js\n", "outside the export's directory")]
    [InlineData("databases:\n  - name: db\n    options:\n      customScripts:\n        login: ./databases/db/login.js\n", "databases/db/login.js: file not found")]
    [InlineData("clients:\n  name: not a list\n", "clients: must be a list.")]
    [InlineData("callbacks: @@UNDEFINED_LIST@@\n", "not valid YAML")]
    [InlineData("tenant:\n  friendly_name: \"\\ud800\"\n", "invalid Unicode surrogates")]
    public void Broken_exports_are_refused_with_the_place_named(string yaml, string expected)
    {
        var read = () => DeployCliExports.Read(DeployCliExports.WriteYaml(yaml));

        read.Should().Throw<TenantFileException>().Which.Message.Should().Contain(expected);
    }

    [Fact]
    public void A_directory_export_file_with_a_property_twice_is_refused_with_the_file_named()
    {
        var directory = DeployCliExports.NewDirectory();
        Directory.CreateDirectory(Path.Combine(directory, "clients"));
        File.WriteAllText(Path.Combine(directory, "clients", "Web.json"), """{"name":"Web","name":"Other"}""");

        var read = () => DeployCliExports.Read(directory);

        read.Should().Throw<TenantFileException>().Which.Message.Should().StartWith(Path.Combine("clients", "Web.json") + ": ").And.Contain("name");
    }

    /// <summary>A tenant document with what is generated per read (ids, secrets) replaced by names, lists in name order, keys sorted.</summary>
    internal static string Portable(TenantDocument document)
    {
        var text = document.ToJson();
        foreach (var client in document.Clients.Where(c => c["client_id"] is not null))
        {
            text = text.Replace(client["client_id"]!.GetValue<string>(), "client:" + client["name"], StringComparison.Ordinal);
        }

        var json = JsonNode.Parse(text)!.AsObject();
        foreach (var (key, value) in json.ToList())
        {
            if (value is JsonArray list)
            {
                json[key] = new JsonArray([.. list.OrderBy(i => i?["name"]?.ToString() ?? i?["identifier"]?.ToString() ?? i?["client_id"]?.ToString() + i?["audience"], StringComparer.Ordinal).Select(i => i?.DeepClone())]);
            }
        }

        foreach (var item in json["clients"]!.AsArray().Concat(json["resourceServers"]!.AsArray()))
        {
            item!.AsObject().Remove("client_secret");
            item.AsObject().Remove("signing_secret");
        }

        return Sorted(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Sorted)]),
        _ => node?.DeepClone(),
    };
}
