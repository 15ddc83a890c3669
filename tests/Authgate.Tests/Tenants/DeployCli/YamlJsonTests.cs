using System.Text.Json.Nodes;
using Authgate.Tenants;
using Authgate.Tenants.DeployCli;

namespace Authgate.Tests.Tenants.DeployCli;

/// <summary>YAML as the Deploy CLI's js-yaml reads and writes it (YAML 1.2 core schema).</summary>
public sealed class YamlJsonTests
{
    [Fact]
    public void Plain_scalars_take_the_core_schema_types_and_quoted_ones_stay_strings()
    {
        var json = YamlJson.Parse("""
            int: 42
            negative: -7
            hex: 0x1F
            float: 3.0166666666666666
            yes: true
            no: False
            nothing: ~
            empty:
            quoted_int: '42'
            quoted_bool: "true"
            empty_string: ''
            text: hello world
            version: 1.2.3
            list: [a, 1, null]
            """, "tenant.yaml");

        json.ToJsonString().Should().Be("""{"int":42,"negative":-7,"hex":31,"float":3.0166666666666666,"yes":true,"no":false,"nothing":null,"empty":null,"quoted_int":"42","quoted_bool":"true","empty_string":"","text":"hello world","version":"1.2.3","list":["a",1,null]}""");
    }

    [Fact]
    public void Anchors_aliases_and_merge_keys_are_resolved()
    {
        var json = YamlJson.Parse("""
            defaults: &defaults
              alg: RS256
              lifetime_in_seconds: 36000
            web:
              <<: *defaults
              lifetime_in_seconds: 600
            callbacks: &cb [https://a.test/cb]
            again: *cb
            """, "tenant.yaml");

        json["web"]!.ToJsonString().Should().Be("""{"lifetime_in_seconds":600,"alg":"RS256"}""");
        json["again"]!.ToJsonString().Should().Be("""["https://a.test/cb"]""");
    }

    [Theory]
    [InlineData("clients: [unclosed", "not valid YAML (line ")]
    [InlineData("a: 1\na: 2", "Duplicate key a")]
    [InlineData("- just\n- a list", "the top level must be a mapping")]
    public void Malformed_yaml_is_a_clear_error_with_the_file_named(string yaml, string expected)
    {
        var parse = () => YamlJson.Parse(yaml, "tenant.yaml");

        parse.Should().Throw<TenantFileException>().Which.Message.Should().StartWith("tenant.yaml: ").And.Contain(expected);
    }

    [Fact]
    public void Written_yaml_reads_back_to_the_same_json_including_strings_that_look_like_other_types()
    {
        var original = JsonNode.Parse("""
            {"tenant":{"default_audience":"","friendly_name":"Shop: staging #1","flag":"true","version":"18","number":12.5,"on":false,"none":null},
             "clients":[{"name":" padded ","pem":"-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n","grant_types":["password","http://auth0.com/oauth/grant-type/password-realm"],"marker":"@@X@@","hash":"##Y##","empty":[],"obj":{}}]}
            """)!.AsObject();

        var yaml = YamlJson.Write(original);

        YamlJson.Parse(yaml, "out.yaml").ToJsonString().Should().Be(original.ToJsonString());
        yaml.Should().Contain("default_audience: ''").And.Contain("pem: |");
    }
}
