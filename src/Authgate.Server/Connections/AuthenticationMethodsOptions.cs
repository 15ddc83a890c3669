using System.Text.Json.Serialization;

namespace Authgate.Connections;

/// <summary>A database connection's <c>options.authentication_methods</c>: which ways of signing in are on.</summary>
internal sealed record AuthenticationMethodsOptions
{
    [JsonPropertyName("password")]
    public MethodOptions? Password { get; init; }
}
