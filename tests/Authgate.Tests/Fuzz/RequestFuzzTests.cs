using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Authgate.Storage;
using Authgate.Tests.Infrastructure;
using CsCheck;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Authgate.Tests.Fuzz;

/// <summary>
/// Property-based fuzzing of every route the server maps (found at run time, so new endpoints are covered without
/// listing them): generated methods, paths, ids, content types, bodies (valid-looking JSON, duplicate names,
/// unpaired surrogates, invalid UTF-8, forms, random bytes) and credentials (none, garbage, an end user's, an
/// administrator's). For every case: no 5xx, the endpoint's error shape, no exception text, and a refused request
/// changes no entity table; afterwards every listing still answers 200. <c>AUTHGATE_FUZZ_CASES</c> sets the number
/// of cases (2,000 by default), <c>AUTHGATE_FUZZ_SEED</c> replays a failure.
/// </summary>
public sealed class RequestFuzzTests : IClassFixture<AuthgateFactory>
{
    /// <summary>Tables a refused request may write: counters, throttles, logs, one-time tickets.</summary>
    private static readonly HashSet<string> Bookkeeping = new(StringComparer.OrdinalIgnoreCase)
    {
        "logs", "rate_limits", "login_failures", "ip_throttles", "unblock_tokens", "client_assertion_jtis", "schema_migrations",
        "config_version", "configuration_version", "outbox",
        // A users-export job accepted by an earlier case writes its file in the background, during later cases.
        "jobs", "job_errors", "job_chunks",
        // MFA: a 403 mfa_required starts a transaction, a wrong code takes from the user's attempt bucket.
        "mfa_transactions", "mfa_attempts",
    };

    private static readonly string[] FieldNames =
    [
        "name", "client_id", "client_secret", "identifier", "scopes", "value", "options", "user_metadata", "app_metadata", "email", "password",
        "username", "grant_types", "callbacks", "connection", "strategy", "enabled_clients", "audience", "scope", "token_lifetime", "signing_alg",
        "app_type", "is_first_party", "jwt_configuration", "refresh_token", "default_audience", "default_directory", "max_attempts", "shields",
        "allowlist", "mode", "enabled", "blocked", "user_id", "grant_type", "realm", "refresh_token", "token", "client_assertion", "code",
        "supported_triggers", "runtime", "secrets", "bindings", "permissions", "roles", "description", "allow_offline_access", "x", "",
    ];

    private static readonly string[] WeirdStrings =
    [
        "", " ", "a", "\\ud800", "\\udfff", "\\ud83d\\ude00", "\\u0000", "../../clients", "%2F%2e%2e", "a/b", "😀", "ǅ", "\u202e", "<script>",
        "' OR 1=1 --", "${jndi:x}", "null", "true", "-1", "1e309", "https://authgate.test/api/v2/", "openid offline_access", "*", "\\\\",
    ];

    private readonly AuthgateFactory factory;
    private readonly HttpClient http;

    public RequestFuzzTests(AuthgateFactory factory)
    {
        this.factory = factory;
        http = factory.CreateClient();
    }

    public sealed record Case(string Method, string Path, string? ContentType, byte[]? Body, string Auth)
    {
        public override string ToString() =>
            $"{Method} {Path} [{ContentType}] auth={Auth} body={(Body is null ? "-" : Shorten(Encoding.UTF8.GetString(Body)))}";

        private static string Shorten(string text) => text.Length > 400 ? text[..400] + "…" : text;
    }

    [Fact]
    public async Task No_generated_request_gets_a_5xx_a_wrong_shape_or_writes_when_refused()
    {
        var routes = Routes();
        routes.Should().Contain(r => r.Template.StartsWith("/api/v2/", StringComparison.Ordinal)).And.Contain(r => r.Template == "/oauth/token");
        var tokens = new Dictionary<string, string?>
        {
            ["none"] = null,
            ["garbage"] = "Bearer not-a-token",
            ["admin"] = "Bearer " + await Infrastructure.Management.TokenAsync(http),
            ["user"] = "Bearer " + (await (await http.PostFormAsync(Protocol.PasswordGrant(audience: AuthgateFactory.Issuer + "api/v2/"))).ShouldSucceedAsync()).GetProperty("access_token").GetString(),
            ["basic"] = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(TestTenant.WebClientId + ":" + TestTenant.WebClientSecret)),
        };
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("AUTHGATE_FUZZ_CASES"), out var n) ? n : 2000;
        var seed = Environment.GetEnvironmentVariable("AUTHGATE_FUZZ_SEED");

        await CaseGen(routes, tokens.Keys.ToArray()).SampleAsync(async c => await CheckAsync(c, tokens), iter: iterations, threads: 1, seed: seed);

        foreach (var list in routes.Where(r => r.Methods.Contains("GET") && r.Template.StartsWith("/api/v2/", StringComparison.Ordinal) && !r.Template.Contains('{', StringComparison.Ordinal)))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, list.Template);
            request.Headers.TryAddWithoutValidation("Authorization", tokens["admin"]);
            var response = await http.SendAsync(request);
            ((int)response.StatusCode).Should().BeLessThan(500, $"{list.Template} after fuzzing: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private async Task CheckAsync(Case c, IReadOnlyDictionary<string, string?> tokens)
    {
        // A second per case keeps per-minute limits from silencing most of the run, and moves updated_at.
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        var before = await FingerprintAsync();
        using var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Path);
        if (c.Body is not null)
        {
            request.Content = new ByteArrayContent(c.Body);
            if (c.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", c.ContentType);
            }
        }

        if (tokens[c.Auth] is { } authorization)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await http.SendAsync(request);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();

        (status < 500 || (status == 501 && text.Contains("unsupported_grant_type", StringComparison.Ordinal))).Should().BeTrue($"{c} answered {status}: {text}");
        text.Should().NotContain("Exception").And.NotContain("   at ", c.ToString());
        if (status >= 400 && c.Method != "HEAD")
        {
            CheckShape(c, status, response, text);
            var after = await FingerprintAsync();
            after.Except(before).Should().BeEmpty($"{c} was refused ({status}) but changed an entity table (before: {string.Join(", ", before.Except(after))})");
        }
    }

    private static void CheckShape(Case c, int status, HttpResponseMessage response, string text)
    {
        // As the server sees it: "%2e%2e" and dot segments resolved.
        var path = new Uri("http://server" + c.Path.Split('?')[0].Replace("%2e", ".", StringComparison.OrdinalIgnoreCase)).AbsolutePath;
        if (path == "/userinfo" && status == 401)
        {
            // Auth0's documented answer: plain-text "Unauthorized" and the reason in WWW-Authenticate.
            text.Should().Be("Unauthorized");
            return;
        }

        if (path == "/unblock")
        {
            return;
        }

        response.Content.Headers.ContentType?.MediaType.Should().Be("application/json", $"{c}: {status} {text}");
        var json = JsonDocument.Parse(text).RootElement;
        var because = $"{c} answered {status}: {text}";
        var management = path == "/api/v2" || path.StartsWith("/api/v2/", StringComparison.Ordinal);
        foreach (var field in management ? new[] { "statusCode", "error", "message" } : ["error", "error_description"])
        {
            json.TryGetProperty(field, out _).Should().BeTrue(because);
        }

        if (management)
        {
            json.GetProperty("statusCode").GetInt32().Should().Be(status, because);
        }
    }

    private string? fingerprintSql;

    /// <summary>Row count and newest <c>updated_at</c> of every entity table, in one query built once.</summary>
    private Task<List<string>> FingerprintAsync() => factory.WithDbAsync(async db =>
    {
        fingerprintSql ??= await FingerprintSqlAsync(db);
        // The query is built from the database's own catalogue, not from input.
#pragma warning disable EF1002
        return (await db.Database.SqlQueryRaw<string>(fingerprintSql).ToListAsync()).Order(StringComparer.Ordinal).ToList();
#pragma warning restore EF1002
    });

    private static async Task<string> FingerprintSqlAsync(AuthDbContext db)
    {
        var tables = TestDatabase.IsPostgres
            ? await db.Database.SqlQueryRaw<string>("SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public'").ToListAsync()
            : await db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").ToListAsync();
        var parts = new List<string>();
        foreach (var table in tables.Where(t => !Bookkeeping.Contains(t)).Order(StringComparer.Ordinal))
        {
            var columns = TestDatabase.IsPostgres
                ? await db.Database.SqlQuery<string>($"SELECT column_name AS \"Value\" FROM information_schema.columns WHERE table_name = {table}").ToListAsync()
                : await db.Database.SqlQuery<string>($"SELECT name AS \"Value\" FROM pragma_table_info({table})").ToListAsync();
            var updated = columns.Contains("updated_at") ? "CAST(MAX(updated_at) AS TEXT)" : "''";
            parts.Add($"SELECT '{table}:' || CAST(COUNT(*) AS TEXT) || '|' || COALESCE({updated}, '') AS \"Value\" FROM {table}");
        }

        return string.Join(" UNION ALL ", parts);
    }

    private sealed record Route(string Template, string[] Methods);

    private List<Route> Routes() =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => new Route("/" + e.RoutePattern.RawText!.TrimStart('/'), e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.ToArray() ?? ["GET"]))
            .Where(r => !r.Template.StartsWith("/admin", StringComparison.Ordinal))
            .ToList();

    private static Gen<Case> CaseGen(List<Route> routes, string[] auths)
    {
        var idGen = Gen.Frequency(
            (3, Gen.OneOf(WeirdStrings.Select(Uri.EscapeDataString).ToArray())),
            (2, Gen.OneOf(TestTenant.WebClientId, TestTenant.MachineClientId, "auth0%7Cabc", "management-api", Uri.EscapeDataString(TestTenant.Api), "post-login", "otp", "con_x")),
            (1, Gen.String[Gen.Char["azAZ09-_|."], 1, 40]));
        var pathGen = Gen.Frequency(
            (12, Gen.OneOf(routes.ToArray()).SelectMany(route => Gen.OneOf(route.Methods.Concat(["GET", "POST", "PATCH", "DELETE", "PUT"]).ToArray()).SelectMany(method =>
                idGen.Array[8].Select(ids => (method, Fill(route.Template, ids)))))),
            (1, Gen.OneOf("/api/v2", "/api/v2/", "/oauth", "/oauth/token/extra", "/mfa/associate", "/api/v2/users/..%2F..%2Fclients", "/%2e%2e/api/v2/clients", "/api/v2//clients")
                .SelectMany(p => Gen.OneOf("GET", "POST", "PATCH", "DELETE").Select(m => (m, p)))));
        var query = Gen.Frequency(
            (4, Gen.Const("")),
            (1, Gen.OneOf("?include_totals=true&page=0&per_page=50", "?page=-1", "?per_page=100000", "?q=email:\"x\"", "?q=%FF", "?fields=name&include_fields=false",
                "?identifier=%00", "?email=a%40b", "?from=x&take=-5", "?identifiers=" + Uri.EscapeDataString(TestTenant.Api), "?per_page=abc")));
        var bodyGen = Gen.Frequency(
            (6, JsonObjectGen(3).Select(s => ((string?)"application/json", (byte[]?)Encoding.UTF8.GetBytes(s)))),
            (3, FormGen().Select(s => ((string?)"application/x-www-form-urlencoded", (byte[]?)Encoding.UTF8.GetBytes(s)))),
            (1, Gen.Byte.Array[0, 64].Select(b => ((string?)"application/json", (byte[]?)b))),
            (1, JsonObjectGen(2).Select(s => ((string?)"application/json", (byte[]?)Encoding.UTF8.GetBytes(s).Select((b, i) => i == 5 ? (byte)0xC3 : b).ToArray()))),
            (1, Gen.OneOf("text/plain", "application/json; charset=latin1", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded").Select(t => ((string?)t, (byte[]?)"{\"a\":1}"u8.ToArray()))),
            (2, Gen.Const(((string?)null, (byte[]?)null))));
        return Gen.Select(pathGen, query, bodyGen, Gen.OneOf(auths), (p, q, b, a) => new Case(p.Item1, p.Item2 + q, b.Item1, b.Item2, a));
    }

    private static string Fill(string template, string[] ids)
    {
        var result = new StringBuilder();
        var index = 0;
        foreach (var part in template.Split('/'))
        {
            if (result.Length > 0 || part.Length > 0)
            {
                result.Append('/');
            }

            result.Append(part.StartsWith('{') ? ids[index++ % ids.Length] : part);
        }

        return result.ToString();
    }

    private static Gen<string> ValueGen(int depth)
    {
        var scalar = Gen.Frequency(
            (4, Gen.OneOf(WeirdStrings).Select(s => "\"" + s + "\"")),
            (2, Gen.String[Gen.Char.AlphaNumeric, 0, 20].Select(s => "\"" + s + "\"")),
            (1, Gen.Const("\"" + new string('x', 5000) + "\"")),
            (2, Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            (1, Gen.OneOf("true", "false", "null", "1.5", "-0", "1e400", "[]", "{}")));
        return depth <= 0
            ? scalar
            : Gen.Frequency(
                (5, scalar),
                (1, ValueGen(depth - 1).Array[0, 4].Select(items => "[" + string.Join(",", items) + "]")),
                (1, JsonObjectGen(depth - 1)));
    }

    private static Gen<string> JsonObjectGen(int depth) =>
        Gen.Select(Gen.OneOf(FieldNames), ValueGen(depth), (name, value) => "\"" + name + "\":" + value).Array[0, 6]
            .Select(pairs => "{" + string.Join(",", pairs) + "}");

    private static Gen<string> FormGen() =>
        Gen.Select(
            Gen.OneOf("password", "http://auth0.com/oauth/grant-type/password-realm", "refresh_token", "client_credentials", "http://auth0.com/oauth/grant-type/mfa-otp", "bogus", ""),
            Gen.Select(Gen.OneOf(FieldNames), Gen.OneOf(WeirdStrings.Concat([TestTenant.JaneEmail, TestTenant.JanePassword, TestTenant.WebClientId, TestTenant.Api, "%FF", "%", "a+b"]).ToArray()),
                (k, v) => Uri.EscapeDataString(k) + "=" + (v.Contains('%', StringComparison.Ordinal) ? v : Uri.EscapeDataString(v))).Array[0, 6],
            (grant, pairs) => "grant_type=" + Uri.EscapeDataString(grant) + (pairs.Length > 0 ? "&" + string.Join("&", pairs) : ""));
}
