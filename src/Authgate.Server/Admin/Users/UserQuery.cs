namespace Authgate.Admin.Users;

/// <summary>
/// The filters of <c>GET /users</c>: a search (<c>q</c>, Auth0's Lucene syntax for <c>field:value</c> and
/// <c>field:"value"</c> on email, username, user_id, connection and name), a connection, and a sort
/// (<c>created_at:1</c>, <c>email:-1</c>, …).
/// </summary>
internal sealed record UserQuery(string? Search, string? Connection, string? Sort)
{
    public static readonly UserQuery None = new(null, null, null);
}
