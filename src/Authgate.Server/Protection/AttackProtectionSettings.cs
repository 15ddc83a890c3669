using System.Text.Json.Serialization;

namespace Authgate.Protection;

/// <summary><c>/api/v2/attack-protection/brute-force-protection</c>, with Auth0's defaults.</summary>
internal sealed record BruteForceSettings
{
    public const string PerIdentifierAndIp = "count_per_identifier_and_ip";
    public const string PerIdentifier = "count_per_identifier";

    [JsonPropertyName("enabled")] public bool? Enabled { get; init; } = true;
    [JsonPropertyName("shields")] public List<string>? Shields { get; init; } = ["block", "user_notification"];
    [JsonPropertyName("allowlist")] public List<string>? Allowlist { get; init; } = [];
    [JsonPropertyName("mode")] public string? Mode { get; init; } = PerIdentifierAndIp;
    [JsonPropertyName("max_attempts")] public int? MaxAttempts { get; init; } = 10;
}

/// <summary><c>/api/v2/attack-protection/suspicious-ip-throttling</c>, with Auth0's defaults.</summary>
internal sealed record SuspiciousIpSettings
{
    [JsonPropertyName("enabled")] public bool? Enabled { get; init; } = true;
    [JsonPropertyName("shields")] public List<string>? Shields { get; init; } = ["admin_notification", "block"];
    [JsonPropertyName("allowlist")] public List<string>? Allowlist { get; init; } = [];
    [JsonPropertyName("stage")] public SuspiciousIpStages? Stage { get; init; } = new();
}

internal sealed record SuspiciousIpStages
{
    [JsonPropertyName("pre-login")] public SuspiciousIpStage? PreLogin { get; init; } = new() { MaxAttempts = 100, Rate = 864000 };
    [JsonPropertyName("pre-user-registration")] public SuspiciousIpStage? PreUserRegistration { get; init; } = new() { MaxAttempts = 50, Rate = 1728000 };
    /// <summary>Stored and echoed: Authgate has no custom token exchange.</summary>
    [JsonPropertyName("pre-custom-token-exchange")] public SuspiciousIpStage? PreCustomTokenExchange { get; init; } = new() { MaxAttempts = 10, Rate = 600000 };
}

internal sealed record SuspiciousIpStage
{
    /// <summary>Bucket size: failed attempts allowed before throttling.</summary>
    [JsonPropertyName("max_attempts")] public int? MaxAttempts { get; init; }
    /// <summary>Milliseconds to earn back one attempt.</summary>
    [JsonPropertyName("rate")] public long? Rate { get; init; }
}

/// <summary><c>/api/v2/attack-protection/breached-password-detection</c>, off by default as at Auth0.</summary>
internal sealed record BreachedPasswordSettings
{
    [JsonPropertyName("enabled")] public bool? Enabled { get; init; } = false;
    [JsonPropertyName("shields")] public List<string>? Shields { get; init; } = [];
    [JsonPropertyName("admin_notification_frequency")] public List<string>? AdminNotificationFrequency { get; init; } = [];
    [JsonPropertyName("method")] public string? Method { get; init; } = "standard";
    [JsonPropertyName("stage")] public BreachedPasswordStages? Stage { get; init; } = new();
}

internal sealed record BreachedPasswordStages
{
    [JsonPropertyName("pre-user-registration")] public ShieldsSection? PreUserRegistration { get; init; } = new();
    [JsonPropertyName("pre-change-password")] public ShieldsSection? PreChangePassword { get; init; } = new();
}

internal sealed record ShieldsSection
{
    [JsonPropertyName("shields")] public List<string>? Shields { get; init; } = [];
}
