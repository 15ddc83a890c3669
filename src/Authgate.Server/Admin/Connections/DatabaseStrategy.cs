using System.Text.Json.Nodes;
using Authgate.Admin.Schemas;
using Authgate.Storage.Entities;

namespace Authgate.Admin.Connections;

/// <summary>
/// <c>strategy: auth0</c>, database connections: the options Auth0 documents for them. The token endpoint acts on
/// <c>requires_username</c>, <c>brute_force_protection</c>, <c>passwordPolicy</c> and
/// <c>password_complexity_options</c> (on password changes), <c>validation.username</c> (usernames of new users) and
/// <c>authentication_methods.password.enabled</c>; the others are stored and echoed.
/// </summary>
internal sealed class DatabaseStrategy : IConnectionStrategy
{
    public string Name => Strategies.Auth0;

    private static ObjectSchema Toggle(string name) => Schema.Closed(new() { { name, Schema.Boolean() } });

    private static readonly ObjectSchema Signup = Schema.Closed(new()
    {
        { "status", Schema.Enum("required", "optional", "inactive") },
        { "verification", Toggle("active") },
    });

    private static readonly ObjectSchema Attributes = Schema.Closed(new()
    {
        {
            "email", Schema.Closed(new()
            {
                { "identifier", Schema.Closed(new() { { "active", Schema.Boolean() }, { "default_method", Schema.Enum("password", "email_otp") } }) },
                { "unique", Schema.Boolean() },
                { "profile_required", Schema.Boolean() },
                { "verification_method", Schema.Enum("link", "otp") },
                { "signup", Signup },
            })
        },
        {
            "phone_number", Schema.Closed(new()
            {
                { "identifier", Schema.Closed(new() { { "active", Schema.Boolean() }, { "default_method", Schema.Enum("password", "phone_otp") } }) },
                { "profile_required", Schema.Boolean() },
                { "signup", Signup },
            })
        },
        {
            "username", Schema.Closed(new()
            {
                { "identifier", Toggle("active") },
                { "profile_required", Schema.Boolean() },
                { "signup", Schema.Closed(new() { { "status", Schema.Enum("required", "optional", "inactive") } }) },
                {
                    "validation", Schema.Closed(new()
                    {
                        { "min_length", Schema.Integer().Min(1) },
                        { "max_length", Schema.Integer().Max(128) },
                        { "allowed_types", Schema.Closed(new() { { "email", Schema.Boolean() }, { "phone_number", Schema.Boolean() } }) },
                    })
                },
            })
        },
    });

    private static readonly ObjectSchema AuthenticationMethods = Schema.Closed(new()
    {
        {
            "password", Schema.Closed(new()
            {
                { "enabled", Schema.Boolean() },
                { "api_behavior", Schema.Enum("required", "optional") },
                { "signup_behavior", Schema.Enum("allow", "block") },
            })
        },
        { "passkey", Toggle("enabled") },
        { "email_otp", Toggle("enabled") },
        { "phone_otp", Toggle("enabled") },
    }).OrNull();

    private static readonly ObjectSchema PasswordOptions = Schema.Closed(new()
    {
        {
            "complexity", Schema.Closed(new()
            {
                { "min_length", Schema.Integer().Between(1, 72) },
                { "character_types", Schema.Array(Schema.Enum("uppercase", "lowercase", "number", "special")) },
                { "character_type_rule", Schema.Enum("all", "three_of_four") },
                { "identical_characters", Schema.Enum("allow", "block") },
                { "sequential_characters", Schema.Enum("allow", "block") },
                { "max_length_exceeded", Schema.Enum("truncate", "error") },
            })
        },
        {
            "dictionary", Schema.Closed(new()
            {
                { "active", Schema.Boolean() },
                { "custom", Schema.Array(Schema.String().Max(50)) },
                { "default", Schema.Enum("en_10k", "en_100k") },
            })
        },
        { "history", Schema.Closed(new() { { "active", Schema.Boolean() }, { "size", Schema.Integer().Between(1, 24) } }) },
        { "profile_data", Schema.Closed(new() { { "active", Schema.Boolean() }, { "blocked_fields", Schema.Array(Schema.String().Max(100)) } }) },
    });

    private static StringSchema Script() => Schema.String().Min(1);

    public ObjectSchema Options { get; } = Schema.Open(new()
    {
        { "validation", Schema.Closed(new() { { "username", Schema.Closed(new() { { "min", Schema.Integer().Min(1) }, { "max", Schema.Integer().Max(128) } }).Require("min", "max").OrNull() } }).OrNull().Describe("Options for validation") },
        { "non_persistent_attrs", Schema.Array(Schema.String().Max(255)).Max(96).OrNull() },
        { "precedence", Schema.Array(Schema.Enum("email", "phone_number", "username")).Min(3).Max(3) },
        { "attributes", Attributes },
        { "enable_script_context", Schema.Boolean() },
        { "enabledDatabaseCustomization", Schema.Boolean() },
        { "import_mode", Schema.Boolean() },
        { "configuration", Schema.Map(Schema.String().OrNull()).OrNull() },
        {
            "customScripts", Schema.Open(new()
            {
                { "login", Script() }, { "get_user", Script() }, { "delete", Script() }, { "change_password", Script() }, { "verify", Script() },
                { "create", Script() }, { "change_username", Script() }, { "change_email", Script() }, { "change_phone_number", Script() },
            })
        },
        { "authentication_methods", AuthenticationMethods },
        { "passkey_options", Schema.Closed(new() { { "challenge_ui", Schema.Enum("both", "autofill", "button") }, { "progressive_enrollment_enabled", Schema.Boolean() }, { "local_enrollment_enabled", Schema.Boolean() } }).OrNull() },
        { "passwordPolicy", Schema.Enum("none", "low", "fair", "good", "excellent").OrNull() },
        { "password_complexity_options", Schema.Closed(new() { { "min_length", Schema.Integer().Between(1, 128) } }).OrNull() },
        { "password_history", Schema.Closed(new() { { "enable", Schema.Boolean() }, { "size", Schema.Integer().Between(0, 24) } }).Require("enable").OrNull() },
        { "password_no_personal_info", Schema.Closed(new() { { "enable", Schema.Boolean() } }).Require("enable").OrNull() },
        { "password_dictionary", Schema.Closed(new() { { "enable", Schema.Boolean() }, { "dictionary", Schema.Array(Schema.String().Max(50)) } }).Require("enable").OrNull() },
        { "password_options", PasswordOptions },
        { "brute_force_protection", Schema.Boolean() },
        { "disable_signup", Schema.Boolean() },
        { "disable_self_service_change_password", Schema.Boolean() },
        { "requires_username", Schema.Boolean() },
        { "realm_fallback", Schema.Boolean() },
        { "mfa", Schema.Open(new() { { "active", Schema.Boolean() }, { "return_enroll_settings", Schema.Boolean() } }) },
        { "set_user_root_attributes", Schema.Enum("on_each_login", "on_first_login", "never_on_login") },
    });

    public IReadOnlyList<FieldError> Check(JsonObject options, bool hasStoredSecret) =>
        options.Obj("validation")?.Obj("username") is { } username && username.Int("min") > username.Int("max")
            ? [FieldError.At("validation.username", "min must not be greater than max")]
            : [];

    public (JsonObject Options, string? SecretProtected) Store(JsonObject options, string? storedSecret) => (options, null);

    public JsonObject Reveal(JsonObject stored, string? secretProtected) => stored;
}
