namespace Authgate.Management;

/// <summary>Maps the Management API v2 under <c>/api/v2</c>, every endpoint behind <see cref="ManagementAuthFilter"/>.</summary>
internal static class ManagementEndpoints
{
    public const string Prefix = "/api/v2";

    public static IEndpointRouteBuilder MapManagementApi(this IEndpointRouteBuilder routes)
    {
        // One filter made by the container, not AddEndpointFilter<T>: that builds the filter's factory with the
        // expression compiler, which every node would then load at start for an API a token node may never serve.
        var api = routes.MapGroup(Prefix).AddEndpointFilterFactory(static (factory, next) =>
        {
            var filter = factory.ApplicationServices.GetRequiredService<ManagementAuthFilter>();
            return invocation => filter.InvokeAsync(invocation, next);
        }).DisableAntiforgery();
        ClientsApi.Map(api);
        ResourceServersApi.Map(api);
        ClientGrantsApi.Map(api);
        ConnectionsApi.Map(api);
        UsersApi.Map(api);
        TenantSettingsApi.Map(api);
        SigningKeysApi.Map(api);
        LogsApi.Map(api);
        AttackProtectionApi.Map(api);
        UserBlocksApi.Map(api);
        RolesApi.Map(api);
        UserRolesApi.Map(api);
        ActionsApi.Map(api);
        RulesApi.Map(api);
        JobsApi.Map(api);
        GuardianApi.Map(api);
        UserAuthenticatorsApi.Map(api);

        // Resource types Authgate does not serve (organizations, hooks, …) are routes it does not have: routing's
        // 404 (and 405 for a wrong method), written in the Management API's shape by Endpoints/ErrorShapes.
        return routes;
    }
}
