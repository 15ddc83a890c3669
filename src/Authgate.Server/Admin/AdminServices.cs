using Authgate.Admin.AttackProtection;
using Authgate.Admin.ClientGrants;
using Authgate.Admin.Clients;
using Authgate.Admin.Connections;
using Authgate.Admin.Logs;
using Authgate.Admin.ResourceServers;
using Authgate.Admin.Tenant;
using Authgate.Admin.Users;

namespace Authgate.Admin;

/// <summary>Registers the admin service layer: one scoped service per resource.</summary>
internal static class AdminServices
{
    public static WebApplicationBuilder AddAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ResourceServerService>();
        builder.Services.AddScoped<ClientService>();
        builder.Services.AddScoped<ConnectionService>();
        builder.Services.AddScoped<ClientGrantService>();
        builder.Services.AddScoped<UserService>();
        builder.Services.AddScoped<CustomDatabaseUsers>();
        builder.Services.AddScoped<UserBlockService>();
        builder.Services.AddScoped<TenantSettingsService>();
        builder.Services.AddScoped<LogService>();
        builder.Services.AddSingleton<IConnectionStrategy, DatabaseStrategy>();
        builder.Services.AddSingleton<IConnectionStrategy, LdapStrategy>();
        builder.Services.AddSingleton<ConnectionStrategies>();
        builder.Services.AddScoped<AttackProtectionService>();
        builder.Services.AddScoped<SigningKeys.SigningKeyService>();
        return builder;
    }
}
