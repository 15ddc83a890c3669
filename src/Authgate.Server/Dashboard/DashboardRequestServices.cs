namespace Authgate.Dashboard;

/// <summary>
/// A dashboard request's services: the page framework's own (MVC, Razor, antiforgery, Data Protection), from the
/// dashboard's provider, and everything else (the admin services, the database context, the sessions) from the
/// server's scope for that request, so a page shares the request's instances with the rest of the server.
/// </summary>
internal sealed class DashboardRequestServices(IServiceProvider pages, IServiceProvider server)
    : IServiceProvider, ISupportRequiredService, IKeyedServiceProvider, IServiceProviderIsKeyedService
{
    public object? GetService(Type serviceType)
    {
        if (serviceType == typeof(IServiceProvider) || serviceType == typeof(IServiceProviderIsService) || serviceType == typeof(IServiceProviderIsKeyedService))
        {
            return this;
        }

        var own = pages.GetService(serviceType);
        // An enumerable is never null: the dashboard's provider answers an empty one for what only the server has.
        return own is null || (IsEnumerable(serviceType) && IsEmpty(own)) ? server.GetService(serviceType) : own;
    }

    public object GetRequiredService(Type serviceType) =>
        GetService(serviceType) ?? throw new InvalidOperationException($"No service for type '{serviceType}' has been registered.");

    public object? GetKeyedService(Type serviceType, object? serviceKey) =>
        ((IKeyedServiceProvider)pages).GetKeyedService(serviceType, serviceKey) ?? ((IKeyedServiceProvider)server).GetKeyedService(serviceType, serviceKey);

    public object GetRequiredKeyedService(Type serviceType, object? serviceKey) =>
        GetKeyedService(serviceType, serviceKey) ?? throw new InvalidOperationException($"No service for type '{serviceType}' has been registered with key '{serviceKey}'.");

    public bool IsService(Type serviceType) => Is(pages, serviceType, null) || Is(server, serviceType, null);

    public bool IsKeyedService(Type serviceType, object? serviceKey) => Is(pages, serviceType, serviceKey) || Is(server, serviceType, serviceKey);

    private static bool Is(IServiceProvider provider, Type serviceType, object? serviceKey) => serviceKey is null
        ? provider.GetService<IServiceProviderIsService>()?.IsService(serviceType) == true
        : provider.GetService<IServiceProviderIsKeyedService>()?.IsKeyedService(serviceType, serviceKey) == true;

    private static bool IsEnumerable(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>);

    private static bool IsEmpty(object enumerable) => enumerable is Array { Length: 0 };
}
