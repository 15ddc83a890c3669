using System.Text.Json.Nodes;
using Authgate.Admin.Schemas;

namespace Authgate.Tests.Admin;

/// <summary>The schema engine alone: Auth0's validator messages (AUTH0-MGMT-SCHEMA.md §2.2), without a server.</summary>
public sealed class SchemaValidatorTests
{
    private static readonly ObjectSchema Body = Schema.Closed(new()
    {
        { "name", Schema.String().Matching("^[^<>]+$").Describe("The name of the client") },
        { "description", Schema.String().Max(10) },
        { "is_first_party", Schema.Boolean().Describe("Whether this client is first party") },
        { "lifetime", Schema.Integer().Between(1, 100) },
        { "app_type", Schema.Enum("spa", "native") },
        { "callbacks", Schema.Array(Schema.String().Formatted(SchemaFormats.CallbackUrl)).Max(2) },
        { "error_page", Schema.Closed(new() { { "html", Schema.String() }, { "url", Schema.String() } }).Describe("Tenant error page customization") },
        { "metadata", Schema.Map(Schema.String().Max(5)).MaxProps(2) },
        { "options", Schema.Open(new() { { "mfa", Schema.Closed(new() { { "active", Schema.Boolean() } }) } }) },
        { "clearable", Schema.String().OrNull() },
        { "hours", Schema.Number().Min(1) },
    }).Require("name");

    private static string Message(string json) => FieldError.Join(SchemaValidator.Validate(Body, JsonNode.Parse(json)));

    [Fact]
    public void A_valid_body_has_no_errors() =>
        SchemaValidator.Validate(Body, JsonNode.Parse("""{"name":"a","callbacks":["https://x.test/cb"],"options":{"anything":1},"hours":3.5,"clearable":null}""")).Should().BeEmpty();

    [Fact]
    public void An_unknown_top_level_property_is_named_without_a_path() =>
        Message("""{"name":"a","scopes":[]}""").Should().Be("Payload validation error: 'Additional properties not allowed: scopes'.");

    [Fact]
    public void Several_unknown_properties_are_listed_in_one_error() =>
        Message("""{"name":"a","x":1,"y":2}""").Should().Be("Payload validation error: 'Additional properties not allowed: x,y'.");

    [Fact]
    public void An_unknown_nested_property_names_the_path_and_description() =>
        Message("""{"name":"a","error_page":{"enabled":true}}""")
            .Should().Be("Payload validation error: 'Additional properties not allowed: enabled' on property error_page (Tenant error page customization).");

    [Fact]
    public void A_missing_required_property_is_reported_at_the_root() =>
        Message("{}").Should().Be("Payload validation error: 'Missing required property: name'.");

    [Fact]
    public void A_wrong_type_names_expected_and_found_types() =>
        Message("""{"name":"a","is_first_party":"yes"}""")
            .Should().Be("Payload validation error: 'Expected type boolean but found type string' on property is_first_party (Whether this client is first party).");

    [Fact]
    public void A_nullable_field_lists_null_among_the_expected_types() =>
        Message("""{"name":"a","clearable":5}""").Should().Be("Payload validation error: 'Expected type string,null but found type integer' on property clearable.");

    [Fact]
    public void Null_where_not_allowed_is_a_type_error() =>
        Message("""{"name":"a","description":null}""").Should().Be("Payload validation error: 'Expected type string but found type null' on property description.");

    [Fact]
    public void A_fraction_is_not_an_integer_but_a_whole_decimal_is()
    {
        Message("""{"name":"a","lifetime":1.5}""").Should().Be("Payload validation error: 'Expected type integer but found type number' on property lifetime.");
        Message("""{"name":"a","lifetime":2.0}""").Should().BeEmpty();
    }

    [Fact]
    public void Limits_use_z_schema_wording()
    {
        Message("""{"name":"a","description":"01234567890"}""").Should().Be("Payload validation error: 'String is too long (11 chars), maximum 10' on property description.");
        Message("""{"name":"a","lifetime":0}""").Should().Be("Payload validation error: 'Value 0 is less than minimum 1' on property lifetime.");
        Message("""{"name":"a","lifetime":101}""").Should().Be("Payload validation error: 'Value 101 is greater than maximum 100' on property lifetime.");
        Message("""{"name":"a","callbacks":["https://a.test","https://b.test","https://c.test"]}""").Should().Be("Payload validation error: 'Array is too long (3), maximum 2' on property callbacks.");
        Message("""{"name":"a","metadata":{"a":"1","b":"2","c":"3"}}""").Should().Be("Payload validation error: 'Too many properties defined (3), maximum 2' on property metadata.");
        Message("""{"name":"a","hours":0.5}""").Should().Be("Payload validation error: 'Value 0.5 is less than minimum 1' on property hours.");
    }

    [Fact]
    public void Patterns_formats_and_enums_show_the_value()
    {
        Message("""{"name":"<b>"}""").Should().Be("Payload validation error: 'String does not match pattern ^[^<>]+$: <b>' on property name (The name of the client).");
        Message("""{"name":"a","callbacks":["not a url"]}""").Should().Be("Payload validation error: 'Object didn't pass validation for format callback-url: not a url' on property callbacks[0].");
        Message("""{"name":"a","app_type":"desktop"}""").Should().Be("Payload validation error: 'Invalid property \"desktop\"' on property app_type.");
    }

    [Fact]
    public void Map_values_and_open_objects_are_checked_where_named()
    {
        Message("""{"name":"a","metadata":{"k":"too long"}}""").Should().Be("Payload validation error: 'String is too long (8 chars), maximum 5' on property metadata.k.");
        Message("""{"name":"a","options":{"mfa":{"active":"no","x":1}}}""")
            .Should().Be("Payload validation error: 'Additional properties not allowed: x' on property options.mfa. (also) Payload validation error: 'Expected type boolean but found type string' on property options.mfa.active.");
    }

    [Fact]
    public void Every_error_is_reported_joined_with_also()
    {
        var errors = SchemaValidator.Validate(Body, JsonNode.Parse("""{"description":5,"is_first_party":1}"""));
        errors.Should().HaveCount(3);
        FieldError.Join(errors).Split(" (also) ").Should().HaveCount(3).And.OnlyContain(m => m.StartsWith("Payload validation error: '", StringComparison.Ordinal));
    }

    [Fact]
    public void A_body_that_is_not_an_object_is_a_type_error_at_the_root()
    {
        Message("[]").Should().Be("Payload validation error: 'Expected type object but found type array'.");
        FieldError.Join(SchemaValidator.Validate(Body, null)).Should().Be("Payload validation error: 'Expected type object but found type null'.");
    }

    [Fact]
    public void Lengths_count_characters_not_bytes() =>
        Message("""{"name":"a","description":"ééééééééé😀"}""").Should().BeEmpty();

    [Fact]
    public void Rules_beyond_the_schema_keep_the_prefix_without_quotes() =>
        FieldError.Join([FieldError.Rule("scope must be a subset of resource server scopes")])
            .Should().Be("Payload validation error: scope must be a subset of resource server scopes");

    [Theory]
    [InlineData(SchemaFormats.CallbackUrl, "https://app.test/callback", true)]
    [InlineData(SchemaFormats.CallbackUrl, "https://*.app.test/callback", true)]
    [InlineData(SchemaFormats.CallbackUrl, "myapp://callback", true)]
    [InlineData(SchemaFormats.CallbackUrl, "/relative", false)]
    [InlineData(SchemaFormats.UrlWithPlaceholders, "https://{organization_name}.app.test", true)]
    [InlineData(SchemaFormats.AbsoluteUriOrEmpty, "", true)]
    [InlineData(SchemaFormats.AbsoluteUriOrEmpty, "logo.png", false)]
    [InlineData(SchemaFormats.Email, "jane@example.test", true)]
    [InlineData(SchemaFormats.Email, "jane example", false)]
    [InlineData(SchemaFormats.EmailOrEmpty, "", true)]
    [InlineData(SchemaFormats.Ipv4, "10.0.0.1", true)]
    [InlineData(SchemaFormats.Ipv4, "10.0.1", false)]
    [InlineData(SchemaFormats.Cidr, "10.0.0.0/8", true)]
    [InlineData(SchemaFormats.Ipv6Cidr, "2001:db8::/32", true)]
    [InlineData(SchemaFormats.DateTime, "2026-01-02T03:04:05.000Z", true)]
    [InlineData(SchemaFormats.DateTime, "yesterday", false)]
    [InlineData(SchemaFormats.Hostname, "corp.example.test", true)]
    [InlineData(SchemaFormats.StrictUri, "https://example.test/p.png", true)]
    [InlineData(SchemaFormats.StrictUri, "ftp://example.test/p.png", false)]
    public void Formats_accept_what_Auth0_accepts(string format, string value, bool valid) =>
        SchemaFormats.IsValid(format, value).Should().Be(valid);
}
