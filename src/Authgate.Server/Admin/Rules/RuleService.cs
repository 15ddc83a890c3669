using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Authgate.Actions;
using Authgate.Admin.Lists;
using Authgate.Admin.Schemas;
using Authgate.Scripting;
using Authgate.Security;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Admin.Rules;

/// <summary>
/// Legacy Rules and their configuration values: validation returning Auth0-shaped errors (a syntax error with its
/// line, a <c>require</c> of an npm module), writes that bump the post-login generation, and read models.
/// Configuration values are encrypted and never returned.
/// </summary>
internal sealed partial class RuleService(AuthDbContext db, WriteGate writes, ScriptSandbox sandbox, SecretProtector protector, TimeProvider time)
{
    public const int MaxScriptBytes = 100 * 1024;

    public static AdminError NotFound() => AdminError.NotFound("The rule does not exist.", "inexistent_rule");

    public async Task<(List<JsonObject> Rules, int Total)> ListAsync(ListQuery paging, bool? enabled, CancellationToken cancellationToken)
    {
        var query = db.Rules.AsQueryable();
        if (enabled is { } on)
        {
            query = query.Where(r => r.Enabled == on);
        }

        var total = await query.CountAsync(cancellationToken);
        var rules = await query.OrderBy(r => r.Order).ThenBy(r => r.Name).Skip(paging.Skip).Take(paging.PerPage).ToListAsync(cancellationToken);
        return (rules.Select(View).ToList(), total);
    }

    public Task<Rule?> FindAsync(string id, CancellationToken cancellationToken) => db.Rules.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);

    public async Task<AdminResult<Rule>> CreateAsync(RuleBodies.Rule body, CancellationToken cancellationToken)
    {
        if (body.Name is null || body.Script is null)
        {
            return AdminError.Invalid(FieldError.Missing(body.Name is null ? "name" : "script"));
        }

        var now = time.GetUtcNow().UtcDateTime;
        var rule = new Rule { Id = "rul_" + RandomValues.Id(16), Name = body.Name, Script = body.Script, CreatedAt = now, UpdatedAt = now };
        if (Validate(body) is { } invalid)
        {
            return invalid;
        }

        using var write = await writes.EnterAsync(cancellationToken);
        if (await db.Rules.AnyAsync(r => r.Name == rule.Name, cancellationToken))
        {
            return NameTaken();
        }

        rule.Order = body.Order is { } order ? (int)order : (await db.Rules.MaxAsync(r => (int?)r.Order, cancellationToken) ?? 0) + 1;
        rule.Enabled = body.Enabled ?? true;
        db.Rules.Add(rule);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return rule;
    }

    public async Task<AdminResult<Rule>> UpdateAsync(string id, RuleBodies.Rule body, CancellationToken cancellationToken)
    {
        if (Validate(body) is { } invalid)
        {
            return invalid;
        }

        using var write = await writes.EnterAsync(cancellationToken);
        var rule = await db.Rules.AsTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null)
        {
            return NotFound();
        }

        if (body.Name is { } name && name != rule.Name && await db.Rules.AnyAsync(r => r.Name == name, cancellationToken))
        {
            return NameTaken();
        }

        rule.Name = body.Name ?? rule.Name;
        rule.Script = body.Script ?? rule.Script;
        rule.Order = body.Order is { } order ? (int)order : rule.Order;
        rule.Enabled = body.Enabled ?? rule.Enabled;
        rule.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return rule;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        using var write = await writes.EnterAsync(cancellationToken);
        return await db.Rules.Where(r => r.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    public async Task<List<JsonObject>> ConfigKeysAsync(CancellationToken cancellationToken) =>
        (await db.RulesConfigs.OrderBy(c => c.Key).Select(c => c.Key).ToListAsync(cancellationToken))
            .Select(key => new JsonObject { ["key"] = key }).ToList();

    public async Task<AdminResult<JsonObject>> SetConfigAsync(string key, RuleBodies.Config body, CancellationToken cancellationToken)
    {
        if (!ConfigKeyPattern().IsMatch(key))
        {
            return AdminError.BadRequest("Path validation error: 'String does not match pattern ^[A-Za-z0-9_\\-@*+:]{1,127}$' on property key.", "invalid_uri");
        }

        if (body.Value is null)
        {
            return AdminError.Invalid(FieldError.Missing("value"));
        }

        if (body.Value.Length is 0 or > 4096)
        {
            return AdminError.Invalid(FieldError.At("value", $"String is {(body.Value.Length == 0 ? "too short (0 chars), minimum 1" : $"too long ({body.Value.Length} chars), maximum 4096")}"));
        }

        var now = time.GetUtcNow().UtcDateTime;
        var protectedValue = protector.Protect(body.Value, ScriptCatalog.RulesConfigPurpose);
        using var write = await writes.EnterAsync(cancellationToken);
        await RawSql.FirstRowAsync(db,
            "INSERT INTO rules_configs (key, value_protected, updated_at) VALUES (@k, @v, @t) ON CONFLICT (key) DO UPDATE SET value_protected = @v, updated_at = @t RETURNING key",
            cancellationToken, ("@k", key), ("@v", protectedValue), ("@t", new DateTimeOffset(now).ToUnixTimeMilliseconds()));
        // Auth0 echoes the value it was just given; it is never read back afterwards.
        return new JsonObject { ["key"] = key, ["value"] = body.Value };
    }

    public async Task<bool> DeleteConfigAsync(string key, CancellationToken cancellationToken)
    {
        using var write = await writes.EnterAsync(cancellationToken);
        return await db.RulesConfigs.Where(c => c.Key == key).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    public static JsonObject View(Rule rule) => new()
    {
        ["id"] = rule.Id,
        ["name"] = rule.Name,
        ["script"] = rule.Script,
        ["order"] = rule.Order,
        ["enabled"] = rule.Enabled,
        ["stage"] = rule.Stage,
    };

    private AdminError? Validate(RuleBodies.Rule body)
    {
        if (body.Name is { } name && !NamePattern().IsMatch(name))
        {
            return AdminError.Invalid(new FieldError("name", $"String does not match pattern ^[a-zA-Z0-9]([ -]*[a-zA-Z0-9])*$: {name}", "Name of this rule"));
        }

        if (body.Stage is { } stage && stage != "login_success")
        {
            return AdminError.Invalid(FieldError.At("stage", $"No enum match for: \"{stage}\""));
        }

        if (body.Order is { } order && (order < 0 || order != Math.Floor(order) || order > int.MaxValue))
        {
            return AdminError.Invalid(FieldError.At("order", "Value must be a non-negative integer"));
        }

        if (body.Script is not { } script)
        {
            return null;
        }

        if (Encoding.UTF8.GetByteCount(script) > MaxScriptBytes)
        {
            return AdminError.Invalid(FieldError.At("script", $"String is too long ({Encoding.UTF8.GetByteCount(script)} bytes), maximum {MaxScriptBytes}"));
        }

        var (compiled, error) = sandbox.Compile(script, ScriptShape.FunctionExpression);
        if (compiled is null)
        {
            return AdminError.BadRequest($"The script has a syntax error at line {error!.Line}, column {error.Column}: {error.Message}", "invalid_body");
        }

        return compiled.RequiredModules.Count > 0
            ? AdminError.BadRequest($"The rule requires the npm module{(compiled.RequiredModules.Count > 1 ? "s" : "")} {string.Join(", ", compiled.RequiredModules.Select(m => $"'{m}'"))}, which Authgate cannot load: npm modules are not supported.", "unsupported_dependency")
            : null;
    }

    private static AdminError NameTaken() => AdminError.Conflict("A rule with the same name already exists", "rule_conflict");

    [GeneratedRegex("^[a-zA-Z0-9]([ -]*[a-zA-Z0-9])*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9_\\-@*+:]{1,127}$")]
    private static partial Regex ConfigKeyPattern();
}
