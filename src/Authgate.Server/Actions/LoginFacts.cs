using System.Text.Json.Nodes;
using Authgate.Rbac;
using Authgate.Scripting;
using Authgate.Storage;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Actions;

/// <summary>
/// The parts of the post-login event that cost a database read: <c>event.authorization.roles</c> and
/// <c>event.user.enrolledFactors</c> / <c>event.user.multifactor</c>. Most Actions never look at them, so for Actions
/// they are properties read on first access (then plain values, so <c>JSON.stringify</c>, spread and assignment behave
/// as usual); Rules get them written into their plain JSON. Each is read once per trigger run, whatever runs.
/// </summary>
internal sealed class LoginFacts(AuthDbContext db, UserAuthorization rbac, string userId)
{
    private static readonly Func<AuthDbContext, string, IEnumerable<string>> ActiveFactorKinds =
        EF.CompileQuery((AuthDbContext db, string userId) => db.MfaAuthenticators.Where(a => a.UserId == userId && a.Active).Select(a => a.Kind));

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

    /// <summary>Defines the facts on an Action's <c>event</c> as properties read on first access, unless already written.</summary>
    public void Define(ScriptScope scope, ObjectInstance @event)
    {
        if (Written)
        {
            return;
        }

        OnFirstRead(scope, @event, "authorization", Authorization);
        if (@event.Get("user") is ObjectInstance user)
        {
            OnFirstRead(scope, user, "enrolledFactors", EnrolledFactors);
            OnFirstRead(scope, user, "multifactor", Multifactor);
        }
    }

    private JsonObject Authorization() => new() { ["roles"] = new JsonArray([.. Roles().Select(r => (JsonNode)r)]) };

    /// <summary><c>[{type: "otp"}, {type: "phone"}, …]</c>: what an Action checks before asking for MFA, the idiom Auth0 documents.</summary>
    private JsonArray EnrolledFactors() =>
        new([.. FactorKinds().Distinct().Select(k => (JsonNode)new JsonObject { ["type"] = Mfa.AuthenticatorKinds.RequirementOf(k) })]);

    /// <summary>The legacy <c>["guardian"]</c> once a factor other than a recovery code is confirmed.</summary>
    private JsonArray Multifactor() =>
        FactorKinds().Any(k => k != Mfa.AuthenticatorKinds.RecoveryCode) ? new JsonArray("guardian") : [];

    private List<string> Roles() => roles ??= rbac.RoleNames(userId);

    private List<string> FactorKinds() => factorKinds ??= [.. ActiveFactorKinds(db, userId)];

    private static void OnFirstRead(ScriptScope scope, ObjectInstance target, string name, Func<JsonNode> read)
    {
        void Settle(JsValue value) => target.DefineOwnProperty(name, new PropertyDescriptor(value, writable: true, enumerable: true, configurable: true));
        var getter = scope.Function("get " + name, _ =>
        {
            var value = scope.FromJson(read());
            Settle(value);
            return value;
        });
        var setter = scope.Function("set " + name, arguments =>
        {
            Settle(arguments.Length > 0 ? arguments[0] : JsValue.Undefined);
            return JsValue.Undefined;
        }, 1);
        target.DefineOwnProperty(name, new GetSetPropertyDescriptor(getter, setter, enumerable: true, configurable: true));
    }
}
