namespace Authgate.Management;

/// <summary>Endpoint metadata: the token needs any one of these scopes (Auth0: "expected any of").</summary>
internal sealed record RequiredScopes(string[] Scopes);

/// <summary>Endpoint metadata: how a successful or failed change is described in the tenant log (<c>sapi</c>/<c>fapi</c>).</summary>
internal sealed record AuditDescription(string Description);

internal static class ManagementEndpointMetadata
{
    public static RouteHandlerBuilder Scopes(this RouteHandlerBuilder builder, params string[] scopes) =>
        builder.WithMetadata(new RequiredScopes(scopes));

    public static RouteHandlerBuilder Audited(this RouteHandlerBuilder builder, string description) =>
        builder.WithMetadata(new AuditDescription(description));
}
