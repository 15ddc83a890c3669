namespace Authgate.OAuth;

/// <summary>
/// Every error the token endpoint returns, with Auth0's status and text (contract §1.5). Auth0 answers 403 for
/// invalid_grant, unauthorized_client and access_denied where RFC 6749 would say 400, and 401 when client
/// authentication fails.
/// </summary>
internal static class OAuthErrors
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidGrant = "invalid_grant";
    public const string InvalidClient = "invalid_client";
    public const string InvalidScope = "invalid_scope";
    public const string UnauthorizedClient = "unauthorized_client";
    public const string UnsupportedGrantType = "unsupported_grant_type";
    public const string AccessDenied = "access_denied";
    public const string Unauthorized = "unauthorized";
    public const string ServerError = "server_error";
    public const string TemporarilyUnavailable = "temporarily_unavailable";
    public const string TooManyRequestsCode = "too_many_requests";
    public const string TooManyAttemptsCode = "too_many_attempts";
    public const string PasswordLeakedCode = "password_leaked";
    public const string MfaRequiredCode = "mfa_required";
    public const string ExpiredToken = "expired_token";
    public const string UnsupportedChallengeType = "unsupported_challenge_type";
    public const string AssociationRequired = "association_required";
    public const string InsufficientScope = "insufficient_scope";
    public const string NotFound = "not_found";

    public static OAuthError MissingParameter(string name) =>
        new(400, InvalidRequest, $"Missing required parameter: {name}");

    public static OAuthError BadRequest(string description) => new(400, InvalidRequest, description);

    public static OAuthError BodyTooLarge(int limit) =>
        new(413, InvalidRequest, $"Request body is larger than {limit} bytes.");

    public static OAuthError BadScopeType() => new(400, InvalidScope, "Scope must be an array or a string");

    public static OAuthError UnsupportedGrant(string grantType) =>
        new(501, UnsupportedGrantType, $"Unsupported grant type: {grantType}");

    public static OAuthError GrantNotAllowed(string grantType) =>
        new(403, UnauthorizedClient, $"Grant type '{grantType}' not allowed for the client.");

    /// <summary>Unknown client, wrong secret or a missing secret for a confidential client.</summary>
    public static OAuthError ClientAuthenticationFailed() => new(401, AccessDenied, "Unauthorized");

    public static OAuthError WrongCredentials() => new(403, InvalidGrant, "Wrong email or password.");

    public static OAuthError UserBlocked() => new(401, Unauthorized, "user is blocked");

    public static OAuthError NoDefaultConnection() =>
        new(500, ServerError, "Authorization server not configured with default connection.");

    public static OAuthError ConnectionNotFound() => new(400, InvalidRequest, "the connection was not found");

    public static OAuthError ConnectionDisabled() => new(400, InvalidRequest, "the connection was disabled");

    public static OAuthError ServiceNotFound(string audience) => new(403, AccessDenied, $"Service not found: {audience}");

    public static OAuthError InvalidRefreshToken() => new(403, InvalidGrant, "Unknown or invalid refresh token.");

    public static OAuthError RefreshTokenUserBlocked() => new(403, InvalidGrant, "user is blocked");

    public static OAuthError RefreshTokenUserGone() =>
        new(403, InvalidGrant, "The refresh_token was generated for a user who doesn't exist anymore.");

    public static OAuthError ScopeExceedsGrant() =>
        new(403, InvalidScope, "The requested scope exceeds the scope granted to the refresh token.");

    public static OAuthError TokenOfAnotherClient() =>
        new(403, UnauthorizedClient, "The token was issued to another client.");

    /// <summary>Auth0's 429 with the standard rate-limit headers and <c>Retry-After</c>.</summary>
    public static OAuthError TooManyRequests(string description, Protection.RateLimitDecision decision) =>
        new(429, TooManyRequestsCode, description, new Dictionary<string, string>
        {
            ["Retry-After"] = decision.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["X-RateLimit-Limit"] = decision.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["X-RateLimit-Remaining"] = decision.Remaining.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["X-RateLimit-Reset"] = decision.ResetUnixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    public static OAuthError NoAudience() =>
        new(403, AccessDenied, "No audience parameter was provided, and no default audience has been configured");

    /// <summary>The API refuses this kind of caller (<c>subject_type_authorization</c> policy <c>deny_all</c>).</summary>
    public static OAuthError ApiDeniesAccess(string clientId, string audience) =>
        new(403, AccessDenied, $"Client \"{clientId}\" is not authorized to access resource server \"{audience}\".");

    /// <summary>The client or the API demands sender-constrained tokens (DPoP or mTLS), which Authgate does not issue.</summary>
    public static OAuthError ProofOfPossessionRequired() =>
        new(400, InvalidRequest, "Proof of possession (DPoP or mTLS) is required for this request, and Authgate does not issue sender-constrained tokens.");

    /// <summary>The client's (or the tenant's default) <c>token_quota</c> for client credentials is used up.</summary>
    public static OAuthError TokenQuotaExceeded(string period, Protection.RateLimitDecision decision) =>
        TooManyRequests($"Token quota exceeded: the client may get {decision.Limit} client-credentials tokens per {period}.", decision);

    /// <summary>A stored connection of a strategy Authgate does not serve for passwords (social, enterprise, passwordless).</summary>
    public static OAuthError ConnectionCannotCheckPasswords() => new(400, InvalidRequest, "the connection does not support password logins");

    /// <summary>The connection's <c>authentication_methods.password.enabled</c> is false.</summary>
    public static OAuthError PasswordLoginDisabled() => new(400, InvalidRequest, "password authentication is disabled for this connection");

    public static OAuthError NoClientGrant(string clientId, string audience) =>
        new(403, AccessDenied, $"Client \"{clientId}\" is not authorized to access resource server \"{audience}\". You need to create a \"client-grant\" associated to this API.");

    /// <summary>A <c>private_key_jwt</c> assertion that fails a check; the description says which.</summary>
    public static OAuthError InvalidClientAssertion(string description) => new(401, InvalidClient, description);

    public static OAuthError TooManyAttempts() => new(429, TooManyAttemptsCode,
        "Your account has been blocked after multiple consecutive login attempts. We've sent you an email with instructions on how to unblock it.");

    public static OAuthError SuspiciousIp() => new(429, TooManyAttemptsCode,
        "We have detected suspicious login behavior and further attempts will be blocked. Please contact the administrator.");

    public static OAuthError PasswordLeaked() => new(401, PasswordLeakedCode,
        "This login attempt has been blocked because the password you're using was previously disclosed through a data breach (not in this application). Please check your email for more information.");

    /// <summary>The hashing lane is full: nothing was checked, the caller should retry shortly.</summary>
    public static OAuthError HashingBusy(int retryAfterSeconds) => new(429, TooManyRequestsCode,
        "Too many login attempts are being processed. Please retry shortly.",
        new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    /// <summary>A second factor is needed; <paramref name="extras"/> carries <c>mfa_token</c> and <c>mfa_requirements</c> once MFA exists.</summary>
    public static OAuthError MfaRequired(IReadOnlyDictionary<string, System.Text.Json.JsonElement>? extras = null) =>
        new(403, MfaRequiredCode, "Multifactor authentication required") { Extras = extras };

    // MFA (AUTH0-ACTIONS-MFA-LDAP.md §2.4). The (error, error_description) pairs SDKs match on are Auth0's, byte for
    // byte; statuses Auth0 does not document follow the token endpoint's (403 for invalid_grant). The texts Auth0
    // does not document are Authgate's (docs/MFA.md).

    /// <summary>An <c>mfa_token</c> that is not one of ours, belongs to another client, or was already used.</summary>
    public static OAuthError MalformedMfaToken() => new(403, InvalidGrant, "Malformed mfa_token");

    public static OAuthError ExpiredMfaToken() => new(403, ExpiredToken, "mfa_token is expired");

    /// <summary>The Bearer endpoints of the MFA API (<c>/mfa/authenticators</c>, <c>/mfa/associate</c>) answer 401 with the same pairs.</summary>
    public static OAuthError MalformedMfaBearer() => new(401, InvalidGrant, "Malformed mfa_token");

    public static OAuthError ExpiredMfaBearer() => new(401, ExpiredToken, "mfa_token is expired");

    public static OAuthError MissingMfaBearer() =>
        new(401, Unauthorized, "An Authorization header with a Bearer mfa_token or MFA API access token is required.");

    public static OAuthError MfaScopeMissing(string scope) => new(403, InsufficientScope, $"Insufficient scope, expected: {scope}");

    public static OAuthError InvalidOtp() => new(403, InvalidGrant, "Invalid otp_code.");

    public static OAuthError InvalidBindingCode() => new(403, InvalidGrant, "Invalid binding_code.");

    public static OAuthError InvalidOobCode() => new(403, InvalidGrant, "Invalid oob_code.");

    public static OAuthError ExpiredOobCode() => new(403, ExpiredToken, "oob_code is expired");

    public static OAuthError InvalidRecoveryCode() => new(403, InvalidGrant, "Invalid recovery_code.");

    /// <summary>The user's bucket of code checks is empty (Auth0: 10, refilled one every 6 minutes).</summary>
    public static OAuthError MfaTooManyAttempts(int retryAfterSeconds) => new(429, TooManyAttemptsCode,
        "Too many failed verification attempts. Please wait before trying again.",
        new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public static OAuthError MfaTooManyMessages(Protection.RateLimitDecision decision) =>
        TooManyRequests("Too many verification codes were sent to this user. Please retry later.", decision);

    public static OAuthError AlreadyEnrolled() => new(403, AccessDenied, "User is already enrolled");

    public static OAuthError AssociationRequiredError() => new(400, AssociationRequired,
        "User is not enrolled. You can use /mfa/associate endpoint to enroll the first authenticator.");

    public static OAuthError ChallengeTypeUnsupported(string description) => new(400, UnsupportedChallengeType, description);

    public static OAuthError FactorNotEnabled(string factor) => new(400, UnsupportedChallengeType, $"The {factor} factor is not enabled for this tenant.");

    public static OAuthError AuthenticatorNotFound() => new(404, NotFound, "Authenticator not found");

    public static OAuthError MfaAudienceMismatch() => new(400, InvalidRequest, "The audience does not match the one the mfa_token was issued for.");

    /// <summary>A Rule or Action refused the login (<c>api.access.deny</c>, a throw, a limit): the reason verbatim.</summary>
    public static OAuthError Denied(string reason) => new(403, AccessDenied, reason);

    /// <summary>The credentials-exchange trigger's <c>api.access.deny(code, reason)</c>, whose code is one of three.</summary>
    public static OAuthError DeniedWithCode(string code, string reason) => new(code == ServerError ? 500 : 400, code, reason);

    /// <summary>A Rule's <c>callback(new UnauthorizedError(msg))</c>: what SDKs call a rule error.</summary>
    public static OAuthError RuleUnauthorized(string reason) => new(401, Unauthorized, reason);

    /// <summary>An Action's <c>api.validation.error(code, message)</c>: the code and message as given.</summary>
    public static OAuthError ValidationError(string code, string message) => new(403, code, message);

    /// <summary>No script slot became free in time: nothing ran, the caller should retry shortly.</summary>
    public static OAuthError ScriptsBusy() => new(429, TooManyRequestsCode, "Too many scripts are running. Please retry shortly.",
        new Dictionary<string, string> { ["Retry-After"] = "1" });

    public static OAuthError CustomClaimsTooLarge() =>
        new(403, AccessDenied, "The custom claims exceed the maximum size of 100KB.");
    /// <summary>An LDAP directory did not answer within the connection's timeout, or refused its connection or TLS.</summary>
    public static OAuthError DirectoryUnavailable() => new(503, TemporarilyUnavailable,
        "The directory that checks this connection's passwords is unavailable. Please retry later.");

    public static OAuthError Internal() => new(500, ServerError, "Internal error.");

    public static OAuthError Unavailable() => new(503, TemporarilyUnavailable, "The service is temporarily unavailable. Please retry.");
}
