using Authgate.Admin.ResourceServers;

namespace Authgate.Admin;

/// <summary>Registers the admin service layer: one scoped service per resource.</summary>
internal static class AdminServices
{
    public static WebApplicationBuilder AddAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ResourceServerService>();
        return builder;
    }
}
