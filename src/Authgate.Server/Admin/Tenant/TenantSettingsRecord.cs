using System.Text.Json.Nodes;
using Authgate.Storage.Entities;

namespace Authgate.Admin.Tenant;

/// <summary>
/// Between <c>/tenants/settings</c> and the stored row: the name, default directory and default audience are columns
/// (the token endpoint reads them), the rest is the row's document. Empty strings mean "not set", as at Auth0.
/// </summary>
internal static class TenantSettingsRecord
{
    public const string DefaultFriendlyName = "Authgate";

    private static readonly HashSet<string> Columns = ["friendly_name", "default_directory", "default_audience", "sandbox_versions_available"];

    public static JsonObject State(TenantSettings tenant)
    {
        var state = AdminJson.Object(tenant.Document);
        state["friendly_name"] = tenant.FriendlyName;
        state["default_directory"] = tenant.DefaultDirectory ?? "";
        state["default_audience"] = tenant.DefaultAudience ?? "";
        return state;
    }

    /// <summary>What <c>GET /tenants/settings</c> answers, with Auth0's defaults for what was never set.</summary>
    public static JsonObject View(TenantSettings tenant)
    {
        var view = State(tenant);
        if (view["flags"] is not JsonObject flags)
        {
            flags = [];
            view["flags"] = flags;
        }

        flags["enable_client_connections"] ??= false;
        view["session_lifetime"] ??= 168;
        view["idle_session_lifetime"] ??= 72;
        view["sandbox_version"] ??= "22";
        view["sandbox_versions_available"] = new JsonArray("22", "18");
        view["enabled_locales"] ??= new JsonArray("en");
        return view;
    }

    public static void Store(JsonObject state, TenantSettings tenant)
    {
        tenant.FriendlyName = state.String("friendly_name") is { Length: > 0 } name ? name : DefaultFriendlyName;
        tenant.DefaultDirectory = state.String("default_directory") is { Length: > 0 } directory ? directory : null;
        tenant.DefaultAudience = state.String("default_audience") is { Length: > 0 } audience ? audience : null;
        tenant.Document = AdminJson.Without(state, Columns);
    }

    /// <summary>A tenant flag (<c>flags.&lt;name&gt;</c>), false when never set.</summary>
    public static bool Flag(TenantSettings? tenant, string name) =>
        tenant is not null && AdminJson.Object(tenant.Document).Obj("flags")?.Bool(name) == true;
}
