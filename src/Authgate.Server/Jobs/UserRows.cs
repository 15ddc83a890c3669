using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Authgate.Jobs;

/// <summary>
/// Inserts many users with one prepared statement on the context's connection and transaction:
/// an import writes hundreds of thousands of rows, and EF's one-statement-per-entity path is several times slower.
/// The SQL is the subset both providers share; instants are Unix milliseconds as everywhere else.
/// </summary>
internal static class UserRows
{
    private static readonly string[] Columns =
    [
        "user_id", "connection_id", "email", "normalized_email", "username", "normalized_username", "email_verified", "name", "given_name",
        "family_name", "nickname", "picture", "blocked", "app_metadata_json", "user_metadata_json", "password_hash", "password_changed_at",
        "created_at", "updated_at", "logins_count",
    ];

    /// <summary>Inserts each user unless it collides with a stored one (id, email or username); returns the indexes of those that did.</summary>
    public static async Task<List<int>> InsertNewAsync(AuthDbContext db, IReadOnlyList<User> users, CancellationToken cancellationToken)
    {
        var conflicts = new List<int>();
        if (users.Count == 0)
        {
            return conflicts;
        }

        // One prepared single-row statement, re-bound per row: SQLite compiles it once; PostgreSQL plans it once.
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = $"INSERT INTO users ({string.Join(", ", Columns)}) VALUES ({string.Join(", ", Columns.Select((_, i) => "@p" + i))}) ON CONFLICT DO NOTHING";
        var parameters = Columns.Select((_, i) =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        var prepared = false;
        for (var index = 0; index < users.Count; index++)
        {
            var values = Values(users[index]);
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = values[i] ?? DBNull.Value;
            }

            if (!prepared)
            {
                await command.PrepareAsync(cancellationToken);
                prepared = true;
            }

            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                conflicts.Add(index);
            }
        }

        return conflicts;
    }

    private static object?[] Values(User u) =>
    [
        u.UserId, u.ConnectionId, u.Email, u.NormalizedEmail, u.Username, u.NormalizedUsername, u.EmailVerified, u.Name, u.GivenName,
        u.FamilyName, u.Nickname, u.Picture, u.Blocked, u.AppMetadataJson, u.UserMetadataJson, u.PasswordHash, UnixMilliseconds.Of(u.PasswordChangedAt),
        UnixMilliseconds.Of(u.CreatedAt), UnixMilliseconds.Of(u.UpdatedAt), u.LoginsCount,
    ];
}
