namespace Authgate.Management;

internal static class ManagementEndpointMetadata
{
    public static RouteHandlerBuilder Scopes(this RouteHandlerBuilder builder, params string[] scopes) =>
        builder.WithMetadata(new RequiredScopes(scopes));

    public static RouteHandlerBuilder Audited(this RouteHandlerBuilder builder, string description) =>
        builder.WithMetadata(new AuditDescription(description));
}
