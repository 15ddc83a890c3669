using System.Text.Json.Nodes;
using Authgate.Storage.Entities;

namespace Authgate.Admin.ClientGrants;

/// <summary>Between the JSON Auth0 uses for a client grant and the stored row.</summary>
internal static class ClientGrantRecord
{
    private static readonly HashSet<string> Columns = ["id", "client_id", "audience", "scope", "subject_type", "allow_all_scopes", "default_for"];

    /// <summary>The writable representation (audience as stored).</summary>
    public static JsonObject State(ClientGrant grant)
    {
        var state = AdminJson.Object(grant.Document);
        if (grant.ClientId is not null)
        {
            state["client_id"] = grant.ClientId;
        }

        state["audience"] = grant.Audience;
        state["scope"] = AdminJson.Array(grant.Scope);
        state["subject_type"] = grant.SubjectType;
        if (grant.AllowAllScopes)
        {
            state["allow_all_scopes"] = true;
        }

        if (grant.DefaultFor is not null)
        {
            state["default_for"] = grant.DefaultFor;
        }

        return state;
    }

    /// <param name="audience">The audience as callers know it (the Management API's under its public URL).</param>
    public static JsonObject View(ClientGrant grant, string audience)
    {
        var view = new JsonObject { ["id"] = grant.Id };
        foreach (var (name, value) in State(grant))
        {
            view[name] = value?.DeepClone();
        }

        view["audience"] = audience;
        return view;
    }

    /// <param name="storedAudience">The audience under the name grants store it.</param>
    public static void Store(JsonObject state, string storedAudience, ClientGrant grant)
    {
        grant.ClientId = state.String("client_id");
        grant.Audience = storedAudience;
        grant.Scope = (state.Strings("scope") ?? []).Distinct().ToList();
        grant.SubjectType = state.String("subject_type") ?? ClientGrant.ClientSubject;
        grant.AllowAllScopes = state.Bool("allow_all_scopes") ?? false;
        grant.DefaultFor = state.String("default_for");
        grant.Document = AdminJson.Without(state, Columns);
    }
}
