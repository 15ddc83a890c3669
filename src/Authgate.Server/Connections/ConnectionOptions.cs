using System.Text.Json;
using System.Text.Json.Serialization;

namespace Authgate.Connections;

/// <summary>The parts of a database connection's <c>options</c> that the server acts on.</summary>
internal sealed record ConnectionOptions
{
    [JsonPropertyName("passwordPolicy")]
    public string? PasswordPolicy { get; init; }

    [JsonPropertyName("password_complexity_options")]
    public PasswordComplexityOptions? PasswordComplexityOptions { get; init; }

    [JsonPropertyName("brute_force_protection")]
    public bool? BruteForceProtection { get; init; }

    [JsonPropertyName("requires_username")]
    public bool? RequiresUsername { get; init; }

    [JsonPropertyName("disable_signup")]
    public bool? DisableSignup { get; init; }

    [JsonPropertyName("authentication_methods")]
    public AuthenticationMethodsOptions? AuthenticationMethods { get; init; }

    /// <summary>False when <c>authentication_methods.password.enabled</c> turns password logins off.</summary>
    public bool PasswordLoginEnabled => AuthenticationMethods?.Password?.Enabled != false;

    /// <summary>The stored options; a row that does not parse (an older version's data) reads as the defaults, never an error.</summary>
    public static ConnectionOptions Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ConnectionOptions>(json) ?? new ConnectionOptions();
        }
        catch (JsonException)
        {
            return new ConnectionOptions();
        }
    }
}
