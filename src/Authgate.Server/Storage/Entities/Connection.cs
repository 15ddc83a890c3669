namespace Authgate.Storage.Entities;

/// <summary>A connection: a directory of users who sign in with a password (<see cref="Strategies"/>).</summary>
internal sealed class Connection
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public string Strategy { get; set; } = Strategies.Auth0;
    public List<string> EnabledClients { get; set; } = [];
    /// <summary>The Management API <c>options</c> object, kept whole so fields we do not act on survive a round trip.</summary>
    public string OptionsJson { get; set; } = "{}";
    /// <summary>The names a password-realm request may use for this connection (Auth0 default: its name).</summary>
    public List<string> Realms { get; set; } = [];
    /// <summary>The other Management API fields of the connection, as JSON, echoed on read.</summary>
    public string Document { get; set; } = "{}";
    /// <summary>A secret of the options kept apart and encrypted (an <c>ad</c> connection's bind password); never returned.</summary>
    public string? SecretProtected { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
