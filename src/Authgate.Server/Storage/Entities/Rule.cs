namespace Authgate.Storage.Entities;

/// <summary>A legacy Rule: <c>function (user, context, callback)</c> run on every login before the Actions, in <see cref="Order"/>.</summary>
internal sealed class Rule
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public required string Script { get; set; }
    public int Order { get; set; }
    public bool Enabled { get; set; } = true;
    public string Stage { get; set; } = "login_success";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
