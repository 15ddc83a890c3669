using System.Text.Json.Nodes;
using Authgate.Rbac;
using Authgate.Scripting;
using Authgate.Storage;
using Jint.Native;
using Jint.Native.Object;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Actions;

/// <summary>
/// The parts of the post-login event that cost a database read: <c>event.authorization.roles</c> and
/// <c>event.user.enrolledFactors</c> / <c>event.user.multifactor</c>. Most Actions never look at them, so for Actions
/// they are read on first access (<see cref="ScriptScope.DefineOnFirstRead"/>); the rest of an Action's event is
/// converted object by object as the script first looks at each (<see cref="ScriptScope.FromJsonOnFirstUse"/>).
/// Rules get the facts written into their plain JSON. Each is read once per trigger run, whatever runs.
/// </summary>
internal sealed class LoginFacts(RequestStorage storage, UserAuthorization rbac, string userId)
{

    private List<string>? roles;
    private List<string>? factorKinds;

    /// <summary>True once <see cref="Write"/> has put the facts into the event's JSON (a Rule ran first).</summary>
    public bool Written { get; private set; }

    /// <summary>Adds the facts to the event's JSON, read now: for Rules, whose <c>user</c> and <c>context</c> are plain objects.</summary>
    public void Write(JsonObject @event)
    {
        @event["authorization"] = Authorization();
        var user = (JsonObject)@event["user"]!;
        user["enrolledFactors"] = EnrolledFactors();
        user["multifactor"] = Multifactor();
        Written = true;
    }

    /// <summary>
    /// An Action's <c>event</c>: converted from the JSON as the script first looks at each object,
    /// <c>authorization</c> read from the database on first read, and the user's factors the same way.
    /// </summary>
    public ObjectInstance Event(ScriptScope scope, JsonObject @event)
    {
        if (Written)
        {
            return scope.FromJsonOnFirstUse(@event);
        }

        return scope.OnFirstUse(target =>
        {
            foreach (var (key, node) in @event)
            {
                target.FastSetDataProperty(key, key == "user" && node is JsonObject user ? User(scope, user) : scope.FromJsonOnFirstUse(node));
            }

            scope.DefineOnFirstRead(target, "authorization", () => scope.FromJson(Authorization()));
        });
    }

    private ObjectInstance User(ScriptScope scope, JsonObject user) => scope.FromJsonOnFirstUse(user, target =>
    {
        scope.DefineOnFirstRead(target, "enrolledFactors", () => scope.FromJson(EnrolledFactors()));
        scope.DefineOnFirstRead(target, "multifactor", () => scope.FromJson(Multifactor()));
    });

    private JsonObject Authorization() => new() { ["roles"] = new JsonArray([.. Roles().Select(r => (JsonNode)r)]) };

    /// <summary><c>[{type: "otp"}, {type: "phone"}, …]</c>: what an Action checks before asking for MFA, the idiom Auth0 documents.</summary>
    private JsonArray EnrolledFactors() =>
        new([.. FactorKinds().Distinct().Select(k => (JsonNode)new JsonObject { ["type"] = Mfa.AuthenticatorKinds.RequirementOf(k) })]);

    /// <summary>The legacy <c>["guardian"]</c> once a factor other than a recovery code is confirmed.</summary>
    private JsonArray Multifactor() =>
        FactorKinds().Any(k => k != Mfa.AuthenticatorKinds.RecoveryCode) ? new JsonArray("guardian") : [];

    private List<string> Roles() => roles ??= rbac.RoleNames(userId);

    // EF, on the context made for it: only a script that reads the user's factors gets here.
    private List<string> FactorKinds() => factorKinds ??= [.. Queries.ActiveFactorKinds(storage.Context, userId)];

    /// <summary>In a class of its own: initialised by the first script that asks, not by the first login.</summary>
    private static class Queries
    {
        public static readonly Func<AuthDbContext, string, IEnumerable<string>> ActiveFactorKinds =
            EF.CompileQuery((AuthDbContext db, string userId) => db.MfaAuthenticators.Where(a => a.UserId == userId && a.Active).Select(a => a.Kind));
    }
}
