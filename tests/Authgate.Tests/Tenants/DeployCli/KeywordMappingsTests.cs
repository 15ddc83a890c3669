using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using Authgate.Tenants;
using Authgate.Tenants.DeployCli;

namespace Authgate.Tests.Tenants.DeployCli;

/// <summary>a0deploy's keyword replacement: <c>@@KEY@@</c> as JSON, <c>##KEY##</c> as text, file then environment.</summary>
public sealed class KeywordMappingsTests
{
    private static KeywordMappings Mappings(object values) =>
        new(JsonSerializer.SerializeToNode(values)!.AsObject().ToDictionary(p => p.Key, p => p.Value?.DeepClone()));

    [Fact]
    public void At_markers_insert_json_and_swallow_the_quotes_around_them()
    {
        var mappings = Mappings(new { CALLBACKS = new[] { "https://a.test/cb", "https://b.test/cb" }, NAME = "Shop", FLAG = true });

        mappings.Replace("callbacks: @@CALLBACKS@@").Should().Be("callbacks: [\"https://a.test/cb\",\"https://b.test/cb\"]");
        mappings.Replace("callbacks: '@@CALLBACKS@@'").Should().Be("callbacks: [\"https://a.test/cb\",\"https://b.test/cb\"]");
        mappings.Replace("{\"name\": \"@@NAME@@\", \"on\": \"@@FLAG@@\"}").Should().Be("{\"name\": \"Shop\", \"on\": true}");
    }

    [Fact]
    public void Hash_markers_insert_text_anywhere_in_a_value()
    {
        var mappings = Mappings(new { SHOP_URL = "https://shop.test", PORT = 8443 });

        mappings.Replace("url: ##SHOP_URL##/cb and ##SHOP_URL##/logout on ##PORT##").Should().Be("url: https://shop.test/cb and https://shop.test/logout on 8443");
        mappings.Replace("keeps ##UNKNOWN## and @@UNKNOWN@@").Should().Be("keeps ##UNKNOWN## and @@UNKNOWN@@");
    }

    [Fact]
    public void The_environment_wins_over_the_file_and_an_a0deploy_config_file_is_read_for_its_mappings()
    {
        var file = Path.Combine(Path.GetTempPath(), $"authgate-keywords-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{"AUTH0_DOMAIN":"tenant.auth0.com","AUTH0_KEYWORD_REPLACE_MAPPINGS":{"ENV":"staging","REGION":"eu","LIST":["a"]}}""");
        try
        {
            var environment = new Hashtable { ["ENV"] = "production", ["AUTH0_KEYWORD_REPLACE_MAPPINGS"] = """{"LIST":["b","c"]}""" };
            var mappings = KeywordMappings.Load(file, environment);

            mappings.Replace("##ENV##-##REGION## @@LIST@@").Should().Be("production-eu [\"b\",\"c\"]");
            mappings.Values.Should().NotContainKey("AUTH0_DOMAIN", "only the mappings of an a0deploy config are keywords");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_missing_or_malformed_mappings_file_is_a_clear_error()
    {
        var missing = () => KeywordMappings.Load("/nonexistent/keywords.json", new Hashtable());
        missing.Should().Throw<TenantFileException>().WithMessage("*keyword mappings file not found*");

        var file = Path.Combine(Path.GetTempPath(), $"authgate-keywords-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, "[1, 2]");
        try
        {
            var wrong = () => KeywordMappings.Load(file, new Hashtable());
            wrong.Should().Throw<TenantFileException>().WithMessage("*must be a JSON object*");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Whole_value_markers_left_unresolved_are_placeholders()
    {
        Placeholders.IsPlaceholder(JsonValue.Create("##SMTP_PASS##")).Should().BeTrue();
        Placeholders.IsPlaceholder(JsonValue.Create("@@CALLBACKS@@")).Should().BeTrue();
        Placeholders.IsPlaceholder(JsonValue.Create("_VALUE_NOT_SHOWN_")).Should().BeTrue();
        Placeholders.IsPlaceholder(JsonValue.Create("https://##DOMAIN##/api/v2/")).Should().BeFalse("only a whole value is a placeholder, as in a0deploy");
        Placeholders.IsPlaceholder(JsonValue.Create(5)).Should().BeFalse();
    }
}
