namespace Authgate.Management;

internal static class ManagementEndpointMetadata
{
    public static RouteHandlerBuilder Scopes(this RouteHandlerBuilder builder, params string[] scopes) =>
        builder.WithMetadata(new RequiredScopes(scopes));

    /// <summary>Also open to end users on their own profile, with any one of these <c>*:current_user*</c> scopes.</summary>
    public static RouteHandlerBuilder CurrentUser(this RouteHandlerBuilder builder, params string[] scopes) =>
        builder.WithMetadata(new CurrentUserAccess(scopes));

    public static RouteHandlerBuilder Audited(this RouteHandlerBuilder builder, string description) =>
        builder.WithMetadata(new AuditDescription(description));
}
