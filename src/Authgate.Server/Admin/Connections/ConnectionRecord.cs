using System.Text.Json.Nodes;
using Authgate.Storage.Entities;

namespace Authgate.Admin.Connections;

/// <summary>Between the JSON Auth0 uses for a connection and the stored row (options, enabled clients, realms in columns).</summary>
internal static class ConnectionRecord
{
    private static readonly HashSet<string> Columns = ["id", "name", "strategy", "options", "enabled_clients", "realms"];

    /// <summary>The writable representation, with the options as stored (a PATCH replaces them whole, as at Auth0).</summary>
    public static JsonObject State(Connection connection)
    {
        var state = AdminJson.Object(connection.Document);
        state["name"] = connection.Name;
        state["strategy"] = connection.Strategy;
        state["options"] = AdminJson.Object(connection.OptionsJson);
        state["enabled_clients"] = AdminJson.Array(connection.EnabledClients);
        state["realms"] = AdminJson.Array(Realms(connection));
        return state;
    }

    public static JsonObject View(Connection connection)
    {
        var view = new JsonObject { ["id"] = connection.Id };
        foreach (var (name, value) in State(connection))
        {
            view[name] = value?.DeepClone();
        }

        view["is_domain_connection"] ??= false;
        view["show_as_button"] ??= false;
        view["authentication"] ??= new JsonObject { ["active"] = true };
        view["connected_accounts"] ??= new JsonObject { ["active"] = false };
        return view;
    }

    /// <summary>Writes a validated state (options already in their stored form) onto the row.</summary>
    public static void Store(JsonObject state, JsonObject storedOptions, Connection connection)
    {
        connection.Name = state.String("name") ?? connection.Name;
        connection.Strategy = state.String("strategy") ?? connection.Strategy;
        connection.OptionsJson = storedOptions.ToJsonString();
        connection.EnabledClients = (state.Strings("enabled_clients") ?? []).Distinct().ToList();
        var realms = state.Strings("realms");
        connection.Realms = realms is { Count: > 0 } ? realms.Distinct().ToList() : [connection.Name];
        connection.Document = AdminJson.Without(state, Columns);
    }

    /// <summary>Auth0's default: a connection's realm is its name.</summary>
    public static List<string> Realms(Connection connection) => connection.Realms.Count > 0 ? connection.Realms : [connection.Name];
}
