using System.Text.Json.Nodes;
using Acornima;
using Acornima.Ast;

namespace Authgate.Actions;

/// <summary>
/// A post-login Action whose handler is nothing but <c>api.accessToken.setCustomClaim</c>,
/// <c>api.idToken.setCustomClaim</c>, <c>api.accessToken.addScope</c> and <c>api.accessToken.removeScope</c> calls with
/// constant arguments (literals, constants declared before, template literals and <c>+</c> of strings): the seed's
/// "Customize tokens" and every Action that sets fixed claims. Its effect is the same on every login, so it is
/// recognised once, when the catalog loads the deployed code, and applied to the login's state without an engine. A
/// fresh engine per execution costs a tenth of a refresh exchange; this costs a few dictionary writes.
/// Anything else in the code (a condition, a read of <c>event</c>, another call, a number that is not a safe integer)
/// means no plan, and the Action runs in the sandbox as always; the tests run every recognised shape both ways and
/// compare.
/// </summary>
internal sealed class DirectAction
{
    private enum Kind
    {
        AccessTokenClaim,
        IdTokenClaim,
        AddScope,
        RemoveScope,
    }

    private sealed record Step(Kind Kind, string Name, JsonNode? Value);

    private readonly List<Step> steps;

    private DirectAction(List<Step> steps) => this.steps = steps;

    /// <summary>Applies the calls in order, as the engine would have made them.</summary>
    public void Apply(LoginScriptState state)
    {
        foreach (var step in steps)
        {
            switch (step.Kind)
            {
                case Kind.AccessTokenClaim:
                    state.Claims.SetAccessToken(step.Name, step.Value?.DeepClone());
                    break;
                case Kind.IdTokenClaim:
                    state.Claims.SetIdToken(step.Name, step.Value?.DeepClone());
                    break;
                case Kind.AddScope:
                    PostLoginApi.AddScope(state, step.Name);
                    break;
                case Kind.RemoveScope:
                    state.Scopes.Remove(step.Name);
                    break;
            }
        }
    }

    /// <summary>The plan for <paramref name="code"/>, or null when it does anything beyond constant token calls.</summary>
    public static DirectAction? TryCreate(string code)
    {
        Script script;
        try
        {
            script = new Parser().ParseScript(code, "action.js");
        }
        catch (ParseErrorException)
        {
            return null;
        }

        var constants = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        IFunction? handler = null;
        foreach (var statement in script.Body)
        {
            switch (statement)
            {
                case Directive or EmptyStatement:
                    continue;
                case VariableDeclaration declaration when Declare(declaration, constants, []):
                    continue;
                case NonSpecialExpressionStatement { Expression: AssignmentExpression { Operator: Operator.Assignment, Left: MemberExpression target, Right: var value } }
                    when ExportName(target) is { } name && value is ArrowFunctionExpression or FunctionExpression:
                    // Other exports (onContinuePostLogin, helpers) only define functions: nothing runs at load time.
                    if (name == Triggers.EntryPoint(Triggers.PostLogin))
                    {
                        if (handler is not null)
                        {
                            return null;
                        }

                        handler = (IFunction)value;
                    }

                    continue;
                default:
                    return null;
            }
        }

        // A constant named exports or module would take the assignments above away from the real exports.
        if (handler is null || constants.ContainsKey("exports") || constants.ContainsKey("module") || handler.Generator || handler.Params.Count != 2 || handler.Params[0] is not Identifier eventName || handler.Params[1] is not Identifier apiName)
        {
            return null;
        }

        var parameters = new HashSet<string>(StringComparer.Ordinal) { eventName.Name, apiName.Name };
        // An arrow with an expression body is one statement.
        IEnumerable<Node> body = handler.Body is FunctionBody block ? block.Body : [handler.Body];
        var steps = new List<Step>();
        var locals = new Dictionary<string, JsonNode?>(constants, StringComparer.Ordinal);
        foreach (var statement in body)
        {
            switch (statement)
            {
                case Directive or EmptyStatement:
                    continue;
                case VariableDeclaration declaration when Declare(declaration, locals, parameters):
                    continue;
                case NonSpecialExpressionStatement { Expression: CallExpression call } when Call(call, apiName.Name, locals) is { } step:
                    steps.Add(step);
                    continue;
                case CallExpression call when Call(call, apiName.Name, locals) is { } step:
                    steps.Add(step);
                    continue;
                default:
                    return null;
            }
        }

        return new DirectAction(steps);
    }

    /// <summary><c>exports.x</c> or <c>module.exports.x</c>.</summary>
    private static string? ExportName(MemberExpression target) =>
        target is { Computed: false, Optional: false, Property: Identifier property } &&
        target.Object is Identifier { Name: "exports" } or MemberExpression { Computed: false, Object: Identifier { Name: "module" }, Property: Identifier { Name: "exports" } }
            ? property.Name
            : null;

    private static bool Declare(VariableDeclaration declaration, Dictionary<string, JsonNode?> names, HashSet<string> reserved)
    {
        if (declaration.Kind != VariableDeclarationKind.Const)
        {
            return false;
        }

        foreach (var declarator in declaration.Declarations)
        {
            if (declarator.Id is not Identifier { Name: var name } || reserved.Contains(name) || !Constant(declarator.Init, names, out var value))
            {
                return false;
            }

            // A second declaration of a name is a SyntaxError in one scope and shadowing across two: both go to the engine.
            if (!names.TryAdd(name, value))
            {
                return false;
            }
        }

        return true;
    }

    private static Step? Call(CallExpression call, string api, Dictionary<string, JsonNode?> names)
    {
        if (call.Optional || call.Callee is not MemberExpression { Computed: false, Optional: false, Property: Identifier method, Object: MemberExpression { Computed: false, Optional: false, Property: Identifier space, Object: Identifier root } }
            || root.Name != api || names.ContainsKey(api))
        {
            return null;
        }

        var arguments = new List<JsonNode?>();
        foreach (var argument in call.Arguments)
        {
            if (!Constant(argument, names, out var value))
            {
                return null;
            }

            arguments.Add(value);
        }

        // Names and scopes must be strings (the engine throws a TypeError otherwise); claims take any JSON value.
        return (space.Name, method.Name, arguments) switch
        {
            ("accessToken", "setCustomClaim", [JsonValue name, var value]) when Text(name) is { } text => new Step(Kind.AccessTokenClaim, text, value),
            ("idToken", "setCustomClaim", [JsonValue name, var value]) when Text(name) is { } text => new Step(Kind.IdTokenClaim, text, value),
            ("accessToken", "addScope", [JsonValue scope]) when Text(scope) is { } text => new Step(Kind.AddScope, text, null),
            ("accessToken", "removeScope", [JsonValue scope]) when Text(scope) is { } text => new Step(Kind.RemoveScope, text, null),
            _ => null,
        };
    }

    private static string? Text(JsonValue value) => value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>
    /// A constant expression as the JSON the engine would produce for it; false for anything else. Strings with lone
    /// surrogates and numbers other than safe integers are left to the engine, whose JSON for them differs in detail.
    /// </summary>
    private static bool Constant(Node? node, Dictionary<string, JsonNode?> names, out JsonNode? value)
    {
        value = null;
        switch (node)
        {
            case StringLiteral { Value: var text } when !text.Any(char.IsSurrogate):
                value = JsonValue.Create(text);
                return true;
            case NumericLiteral { Value: var number } when Math.Abs(number) <= 9_007_199_254_740_991 && number == Math.Floor(number) && !(number == 0 && double.IsNegative(number)):
                value = JsonValue.Create((long)number);
                return true;
            case UnaryExpression { Operator: Operator.UnaryNegation, Argument: NumericLiteral { Value: var positive } } when positive != 0:
                return Constant(new NumericLiteral(-positive, "-" + positive.ToString(System.Globalization.CultureInfo.InvariantCulture)), names, out value);
            case BooleanLiteral { Value: var flag }:
                value = JsonValue.Create(flag);
                return true;
            case NullLiteral:
                return true;
            case Identifier { Name: var name } when names.TryGetValue(name, out var known):
                value = known?.DeepClone();
                return true;
            case TemplateLiteral template:
                {
                    var text = new System.Text.StringBuilder();
                    for (var i = 0; i < template.Quasis.Count; i++)
                    {
                        if (template.Quasis[i].Value.Cooked is not { } cooked)
                        {
                            return false;
                        }

                        text.Append(cooked);
                        if (i < template.Expressions.Count)
                        {
                            if (!Constant(template.Expressions[i], names, out var part) || part is not JsonValue partValue || Text(partValue) is not { } partText)
                            {
                                return false;
                            }

                            text.Append(partText);
                        }
                    }

                    if (text.ToString().Any(char.IsSurrogate))
                    {
                        return false;
                    }

                    value = JsonValue.Create(text.ToString());
                    return true;
                }

            case BinaryExpression { Operator: Operator.Addition } sum
                when Constant(sum.Left, names, out var left) && Constant(sum.Right, names, out var right)
                     && left is JsonValue l && right is JsonValue r && Text(l) is { } leftText && Text(r) is { } rightText:
                value = JsonValue.Create(leftText + rightText);
                return true;
            case ArrayExpression array:
                {
                    var items = new JsonArray();
                    foreach (var element in array.Elements)
                    {
                        if (element is null or SpreadElement || !Constant(element, names, out var item))
                        {
                            return false;
                        }

                        items.Add(item);
                    }

                    value = items;
                    return true;
                }

            case ObjectExpression objectExpression:
                {
                    var members = new JsonObject();
                    foreach (var entry in objectExpression.Properties)
                    {
                        if (entry is not ObjectProperty { Computed: false, Method: false, Shorthand: false, Kind: PropertyKind.Init } property
                            || property.Key switch { Identifier id => id.Name, StringLiteral s => s.Value, _ => null } is not { } key
                            || key == "__proto__" || members.ContainsKey(key) || !Constant(property.Value, names, out var memberValue))
                        {
                            return false;
                        }

                        members[key] = memberValue;
                    }

                    value = members;
                    return true;
                }

            default:
                return false;
        }
    }
}
