namespace Authgate.Storage.Entities;

/// <summary>
/// Authorises a client (or, with <see cref="DefaultFor"/>, every third-party client) to get tokens for one API, with
/// at most these scopes: client-credentials tokens for subject type <c>client</c>, user tokens for <c>user</c> when
/// the API requires a grant for users.
/// </summary>
internal sealed class ClientGrant
{
    public const string ClientSubject = "client";
    public const string UserSubject = "user";

    public required string Id { get; set; }
    public string? ClientId { get; set; }
    public required string Audience { get; set; }
    public List<string> Scope { get; set; } = [];
    public string SubjectType { get; set; } = ClientSubject;
    /// <summary>Every scope of the API, including scopes added later.</summary>
    public bool AllowAllScopes { get; set; }
    /// <summary><c>third_party_clients</c>: the grant applies to every third-party client.</summary>
    public string? DefaultFor { get; set; }
    /// <summary>The other Management API fields of the grant, as JSON, echoed on read.</summary>
    public string Document { get; set; } = "{}";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
