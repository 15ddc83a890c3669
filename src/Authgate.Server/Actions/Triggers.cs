namespace Authgate.Actions;

/// <summary>The Action triggers Authgate runs, and the catalogue <c>GET /actions/triggers</c> lists.</summary>
internal static class Triggers
{
    /// <summary>After a password login and on every refresh-token exchange; legacy Rules run first, on the same key.</summary>
    public const string PostLogin = "post-login";

    /// <summary>Before a client-credentials token is issued.</summary>
    public const string CredentialsExchange = "credentials-exchange";

    /// <summary>The triggers bindings may target.</summary>
    public static readonly string[] Bindable = [PostLogin, CredentialsExchange];

    /// <summary>Every trigger id Auth0 defines (an Action may declare any of them; only <see cref="Bindable"/> run here).</summary>
    public static readonly string[] Known =
    [
        PostLogin, CredentialsExchange, "pre-user-registration", "post-user-registration", "post-change-password",
        "send-phone-message", "custom-phone-provider", "custom-email-provider", "password-reset-post-challenge",
        "custom-token-exchange", "event-stream", "password-hash-migration", "login-post-identifier", "signup-post-identifier",
    ];

    /// <summary>The current version of each bindable trigger, as Auth0 reports it.</summary>
    public static string Version(string trigger) => trigger == PostLogin ? "v3" : "v2";

    /// <summary>The function an Action exports for a trigger.</summary>
    public static string EntryPoint(string trigger) => trigger == PostLogin ? "onExecutePostLogin" : "onExecuteCredentialsExchange";
}
