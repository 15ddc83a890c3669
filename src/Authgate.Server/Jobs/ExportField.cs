using System.Text.Json.Serialization;

namespace Authgate.Jobs;

/// <summary>A field of a users export: a user-profile path (<c>email</c>, <c>app_metadata.plan</c>, <c>identities[0].connection</c>) and its column name.</summary>
internal sealed record ExportField
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("export_as")] public string? ExportAs { get; init; }

    public static readonly IReadOnlyList<string> Roots =
    [
        "user_id", "email", "email_verified", "username", "name", "given_name", "family_name", "nickname", "picture", "blocked",
        "created_at", "updated_at", "last_login", "last_ip", "logins_count", "identities", "app_metadata", "user_metadata",
    ];

    /// <summary>When a request names no field: the profile without metadata objects for CSV, whole for JSON.</summary>
    public static IReadOnlyList<ExportField> Defaults(string format) =>
        Roots.Where(r => format == "json" || r is not ("identities" or "app_metadata" or "user_metadata")).Select(r => new ExportField { Name = r }).ToList();

    /// <summary>The root of the path (before any <c>.</c> or <c>[</c>).</summary>
    public string Root => (Name ?? "") is var name && name.IndexOfAny(['.', '[']) is var i and >= 0 ? name[..i] : Name ?? "";
}
