namespace Authgate.Protection;

/// <summary>What a blocked user is told: which account, from which IP, and the one-time link that lifts the block.</summary>
public sealed record BlockNotification(string To, string Identifier, string Connection, string? Ip, string UnblockUrl);
