using System.ComponentModel.DataAnnotations;

namespace Authgate.Protection;

/// <summary>Server-wide limits that are not tenant settings (<c>Authgate:Protection</c>).</summary>
public sealed class ProtectionOptions
{
    public const string Section = "Authgate:Protection";

    /// <summary>Logins (success or failure) of one user from one IP per minute before 429 (Auth0: 20).</summary>
    [Range(1, int.MaxValue)]
    public int LoginsPerUserAndIpPerMinute { get; set; } = 20;

    /// <summary>Requests to <c>/oauth/token</c> per IP per minute; 0 turns the limit off.</summary>
    [Range(0, int.MaxValue)]
    public int TokenRequestsPerIpPerMinute { get; set; } = 6000;

    /// <summary>Requests to <c>/oauth/token</c> per client per minute; 0 turns the limit off.</summary>
    [Range(0, int.MaxValue)]
    public int TokenRequestsPerClientPerMinute { get; set; } = 18000;

    /// <summary>How long a one-time unblock link works.</summary>
    public TimeSpan UnblockLinkLifetime { get; set; } = TimeSpan.FromDays(7);
}
