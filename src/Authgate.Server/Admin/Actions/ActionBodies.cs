using System.Text.Json;
using System.Text.Json.Serialization;

namespace Authgate.Admin.Actions;

/// <summary>Request bodies of <c>/actions</c> with Auth0's field names (AUTH0-MGMT-SCHEMA.md §3.12).</summary>
internal static class ActionBodies
{
    public sealed record Trigger
    {
        [JsonPropertyName("id")] public string? Id { get; init; }
        [JsonPropertyName("version")] public string? Version { get; init; }
        [JsonPropertyName("status")] public string? Status { get; init; }
        [JsonPropertyName("runtimes")] public List<string>? Runtimes { get; init; }
        [JsonPropertyName("default_runtime")] public string? DefaultRuntime { get; init; }
        [JsonPropertyName("compatible_triggers")] public JsonElement? CompatibleTriggers { get; init; }
        [JsonPropertyName("binding_policy")] public string? BindingPolicy { get; init; }
    }

    public sealed record Dependency
    {
        [JsonPropertyName("name")] public string? Name { get; init; }
        [JsonPropertyName("version")] public string? Version { get; init; }
        [JsonPropertyName("registry_url")] public string? RegistryUrl { get; init; }
    }

    /// <summary>Open at Auth0 (extra keys are ignored); only name and value are used.</summary>
    public sealed record Secret
    {
        [JsonPropertyName("name")] public string? Name { get; init; }
        [JsonPropertyName("value")] public string? Value { get; init; }
        [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
    }

    /// <summary><c>POST /actions/actions</c> (name and supported_triggers required) and <c>PATCH</c> (no <c>deploy</c>).</summary>
    public sealed record Action
    {
        [JsonPropertyName("name")] public string? Name { get; init; }
        [JsonPropertyName("supported_triggers")] public List<Trigger>? SupportedTriggers { get; init; }
        [JsonPropertyName("code")] public string? Code { get; init; }
        [JsonPropertyName("dependencies")] public List<Dependency>? Dependencies { get; init; }
        [JsonPropertyName("runtime")] public string? Runtime { get; init; }
        [JsonPropertyName("secrets")] public List<Secret>? Secrets { get; init; }
        [JsonPropertyName("modules")] public List<JsonElement>? Modules { get; init; }
        [JsonPropertyName("deploy")] public bool? Deploy { get; init; }
    }

    public sealed record DeployVersion
    {
        [JsonPropertyName("update_draft")] public bool? UpdateDraft { get; init; }
    }

    public sealed record BindingRef
    {
        [JsonPropertyName("type")] public string? Type { get; init; }
        [JsonPropertyName("value")] public string? Value { get; init; }
        [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
    }

    public sealed record Binding
    {
        [JsonPropertyName("ref")] public BindingRef? Ref { get; init; }
        [JsonPropertyName("display_name")] public string? DisplayName { get; init; }
        [JsonPropertyName("secrets")] public List<Secret>? Secrets { get; init; }
    }

    public sealed record Bindings
    {
        [JsonPropertyName("bindings")] public List<Binding>? Items { get; init; }
    }

    public sealed record Test
    {
        [JsonPropertyName("payload")] public JsonElement? Payload { get; init; }
    }
}
