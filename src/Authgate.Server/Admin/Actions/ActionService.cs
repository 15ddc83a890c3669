using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Authgate.Actions;
using Authgate.Admin.Lists;
using Authgate.Admin.Schemas;
using Authgate.Issuance;
using Authgate.Scripting;
using Authgate.Security;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Admin.Actions;

/// <summary>
/// Actions: the draft, deploys into immutable versions, roll-backs, trigger bindings, and test runs. Validation
/// returns Auth0-shaped errors; every change to what a trigger runs bumps its generation in the same transaction,
/// so every node picks up the new scripts on its next login. Secrets are stored encrypted and never returned.
/// </summary>
internal sealed class ActionService(AuthDbContext db, WriteGate writes, ScriptSandbox sandbox, ScriptCatalog catalog, SecretProtector protector, ActionCache cache, TimeProvider time)
{
    public const int MaxCodeBytes = 100 * 1024;
    public const int MaxSecretNameLength = 128;
    public const int MaxSecretValueLength = 4096;
    public const string DefaultRuntime = "node22";
    public static readonly string[] Runtimes = ["node12", "node16", "node18", "node18-actions", "node22"];

    public static AdminError NotFound() => AdminError.NotFound("The action does not exist.", "action_not_found");

    public static AdminError VersionNotFound() => AdminError.NotFound("The action version does not exist.", "action_version_not_found");

    public static AdminError TriggerNotFound(string trigger) => AdminError.NotFound($"The trigger {trigger} does not exist.", "trigger_not_found");

    public async Task<(List<JsonObject> Actions, int Total)> ListAsync(ListQuery paging, string? triggerId, string? actionName, bool? deployed, CancellationToken cancellationToken)
    {
        var query = db.Actions.AsQueryable();
        if (actionName is { Length: > 0 })
        {
            query = query.Where(a => a.Name == actionName);
        }

        if (deployed is { } isDeployed)
        {
            query = isDeployed ? query.Where(a => a.DeployedVersionId != null) : query.Where(a => a.DeployedVersionId == null);
        }

        var all = await query.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).ToListAsync(cancellationToken);
        if (triggerId is { Length: > 0 })
        {
            all = all.Where(a => TriggerIds(a.SupportedTriggersJson).Contains(triggerId)).ToList();
        }

        var views = new List<JsonObject>();
        foreach (var action in all.Skip(paging.Skip).Take(paging.PerPage))
        {
            views.Add(await ViewAsync(action, cancellationToken));
        }

        return (views, all.Count);
    }

    public Task<ActionDefinition?> FindAsync(string id, CancellationToken cancellationToken) =>
        db.Actions.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);

    public async Task<AdminResult<JsonObject>> CreateAsync(ActionBodies.Action body, CancellationToken cancellationToken)
    {
        if (body.Name is null || body.SupportedTriggers is null)
        {
            return AdminError.Invalid(FieldError.Missing(body.Name is null ? "name" : "supported_triggers"));
        }

        var now = time.GetUtcNow().UtcDateTime;
        var action = new ActionDefinition { Id = Guid.NewGuid().ToString(), Name = body.Name, CreatedAt = now, UpdatedAt = now };
        if (Apply(action, body, existingSecrets: null, now) is { } invalid)
        {
            return invalid;
        }

        using (await writes.EnterAsync(cancellationToken))
        {
            if (await db.Actions.AnyAsync(a => a.Name == action.Name, cancellationToken))
            {
                return NameTaken();
            }

            db.Actions.Add(action);
            await db.SaveChangesAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
        if (body.Deploy == true)
        {
            if (!(await DeployAsync(action.Id, cancellationToken)).TryGet(out _, out var refused))
            {
                return refused;
            }

            action = (await FindAsync(action.Id, cancellationToken))!;
        }

        return await ViewAsync(action, cancellationToken);
    }

    public async Task<AdminResult<JsonObject>> UpdateAsync(string id, ActionBodies.Action body, CancellationToken cancellationToken)
    {
        if (body.Deploy is not null)
        {
            return AdminError.Invalid(new FieldError("", "Additional properties not allowed: deploy"));
        }

        using var write = await writes.EnterAsync(cancellationToken);
        var action = await db.Actions.AsTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (action is null)
        {
            return NotFound();
        }

        if (body.Name is { } name && name != action.Name && await db.Actions.AnyAsync(a => a.Name == name, cancellationToken))
        {
            return NameTaken();
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (Apply(action, body, action.SecretsJson, now) is { } invalid)
        {
            db.ChangeTracker.Clear();
            return invalid;
        }

        action.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return await ViewAsync(action, cancellationToken);
    }

    public async Task<AdminError?> DeleteAsync(string id, bool force, CancellationToken cancellationToken)
    {
        using var write = await writes.EnterAsync(cancellationToken);
        if (!await db.Actions.AnyAsync(a => a.Id == id, cancellationToken))
        {
            return NotFound();
        }

        var triggers = await db.ActionBindings.Where(b => b.ActionId == id).Select(b => b.TriggerId).Distinct().ToListAsync(cancellationToken);
        if (triggers.Count > 0 && !force)
        {
            return AdminError.BadRequest($"The action is bound to {string.Join(", ", triggers)}. Remove the bindings first, or delete with force=true.", "action_bound");
        }

        await db.Actions.Where(a => a.Id == id).ExecuteDeleteAsync(cancellationToken);
        return null;
    }

    /// <summary>Snapshots the draft into a new deployed version; refuses code that requires npm modules.</summary>
    public async Task<AdminResult<JsonObject>> DeployAsync(string id, CancellationToken cancellationToken)
    {
        using var write = await writes.EnterAsync(cancellationToken);
        var action = await db.Actions.AsTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (action is null)
        {
            return NotFound();
        }

        if (Deployable(action.Code, action.DependenciesJson) is { } refused)
        {
            db.ChangeTracker.Clear();
            return refused;
        }

        var version = await AddVersionAsync(action, action.Code, action.Runtime, action.DependenciesJson, action.SecretsJson, action.SupportedTriggersJson, cancellationToken);
        return VersionView(version, action);
    }

    /// <summary>Roll back: a new deployed version identical to an earlier one; with <c>update_draft</c> the draft follows.</summary>
    public async Task<AdminResult<JsonObject>> DeployVersionAsync(string actionId, string versionId, bool updateDraft, CancellationToken cancellationToken)
    {
        using var write = await writes.EnterAsync(cancellationToken);
        var action = await db.Actions.AsTracking().FirstOrDefaultAsync(a => a.Id == actionId, cancellationToken);
        if (action is null)
        {
            return NotFound();
        }

        var source = await db.ActionVersions.AsNoTracking().FirstOrDefaultAsync(v => v.ActionId == actionId && v.Id == versionId, cancellationToken);
        if (source is null)
        {
            return VersionNotFound();
        }

        if (updateDraft)
        {
            action.Code = source.Code;
            action.Runtime = source.Runtime;
            action.DependenciesJson = source.DependenciesJson;
            action.SecretsJson = source.SecretsJson;
            action.SupportedTriggersJson = source.SupportedTriggersJson;
        }

        var version = await AddVersionAsync(action, source.Code, source.Runtime, source.DependenciesJson, source.SecretsJson, source.SupportedTriggersJson, cancellationToken);
        return VersionView(version, action);
    }

    public async Task<(List<JsonObject> Versions, int Total)?> VersionsAsync(string actionId, ListQuery paging, CancellationToken cancellationToken)
    {
        var action = await FindAsync(actionId, cancellationToken);
        if (action is null)
        {
            return null;
        }

        var query = db.ActionVersions.Where(v => v.ActionId == actionId);
        var total = await query.CountAsync(cancellationToken);
        var versions = await query.OrderByDescending(v => v.Number).Skip(paging.Skip).Take(paging.PerPage).ToListAsync(cancellationToken);
        return (versions.Select(v => VersionView(v, action)).ToList(), total);
    }

    public async Task<JsonObject?> VersionAsync(string actionId, string versionId, CancellationToken cancellationToken)
    {
        var action = await FindAsync(actionId, cancellationToken);
        var version = action is null ? null : await db.ActionVersions.FirstOrDefaultAsync(v => v.ActionId == actionId && v.Id == versionId, cancellationToken);
        return version is null ? null : VersionView(version, action!);
    }

    public async Task<JsonObject> ViewAsync(ActionDefinition action, CancellationToken cancellationToken)
    {
        var deployed = action.DeployedVersionId is { } versionId
            ? await db.ActionVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == versionId, cancellationToken)
            : null;
        var view = Summary(action, deployed);
        view["code"] = action.Code;
        view["dependencies"] = JsonNode.Parse(action.DependenciesJson);
        view["runtime"] = action.Runtime;
        view["secrets"] = SecretsView(action.SecretsJson);
        view["status"] = "built";
        view["built_at"] = Admin.AdminTime.Iso(action.UpdatedAt);
        if (deployed is not null)
        {
            view["deployed_version"] = VersionView(deployed, action);
        }

        return view;
    }

    /// <summary>The <c>action</c> summary embedded in versions and bindings.</summary>
    public static JsonObject Summary(ActionDefinition action, ActionVersion? deployed) => new()
    {
        ["id"] = action.Id,
        ["name"] = action.Name,
        ["supported_triggers"] = JsonNode.Parse(action.SupportedTriggersJson),
        ["all_changes_deployed"] = deployed is not null && deployed.Code == action.Code && deployed.Runtime == action.Runtime
            && deployed.DependenciesJson == action.DependenciesJson && deployed.SecretsJson == action.SecretsJson
            && deployed.SupportedTriggersJson == action.SupportedTriggersJson,
        ["created_at"] = Admin.AdminTime.Iso(action.CreatedAt),
        ["updated_at"] = Admin.AdminTime.Iso(action.UpdatedAt),
    };

    public static JsonObject VersionView(ActionVersion version, ActionDefinition action) => new()
    {
        ["id"] = version.Id,
        ["action_id"] = version.ActionId,
        ["code"] = version.Code,
        ["dependencies"] = JsonNode.Parse(version.DependenciesJson),
        ["deployed"] = version.Deployed,
        ["runtime"] = version.Runtime,
        ["secrets"] = SecretsView(version.SecretsJson),
        ["status"] = "built",
        ["number"] = version.Number,
        ["errors"] = new JsonArray(),
        ["action"] = new JsonObject
        {
            ["id"] = action.Id,
            ["name"] = action.Name,
            ["supported_triggers"] = JsonNode.Parse(action.SupportedTriggersJson),
            ["all_changes_deployed"] = version.Deployed && version.Code == action.Code,
            ["created_at"] = Admin.AdminTime.Iso(action.CreatedAt),
            ["updated_at"] = Admin.AdminTime.Iso(action.UpdatedAt),
        },
        ["built_at"] = Admin.AdminTime.Iso(version.CreatedAt),
        ["created_at"] = Admin.AdminTime.Iso(version.CreatedAt),
        ["updated_at"] = Admin.AdminTime.Iso(version.UpdatedAt),
        ["supported_triggers"] = JsonNode.Parse(version.SupportedTriggersJson),
    };

    /// <summary>
    /// Runs the draft with a payload as the <c>event</c> and a recording <c>api</c>, and answers what the code did:
    /// claims, scopes, a refusal, MFA, metadata, logs. Nothing is written and no token is issued.
    /// </summary>
    public async Task<AdminResult<JsonObject>> TestAsync(string id, JsonElement? payload, CancellationToken cancellationToken)
    {
        var action = await FindAsync(id, cancellationToken);
        if (action is null)
        {
            return NotFound();
        }

        if (payload is { ValueKind: not JsonValueKind.Object })
        {
            return AdminError.Invalid(FieldError.At("payload", "Expected type object"));
        }

        var (script, error) = sandbox.Compile(action.Code, ScriptShape.Program);
        if (script is null)
        {
            return SyntaxError(error!);
        }

        var trigger = TriggerIds(action.SupportedTriggersJson).FirstOrDefault(Triggers.Bindable.Contains) ?? Triggers.PostLogin;
        var @event = payload is { } p ? JsonNode.Parse(p.GetRawText())!.AsObject() : [];
        @event.TryAdd("user", new JsonObject());
        @event.TryAdd("transaction", new JsonObject());
        @event["user"]!.AsObject().TryAdd("app_metadata", new JsonObject());
        @event["user"]!.AsObject().TryAdd("user_metadata", new JsonObject());
        @event["transaction"]!.AsObject().TryAdd("metadata", new JsonObject());
        @event["secrets"] = new JsonObject([.. catalog.Secrets(action.SecretsJson).Select(s => new KeyValuePair<string, JsonNode?>(s.Key, s.Value))]);
        var initialScopes = (@event["transaction"]?["requested_scopes"] as JsonArray)?.Select(s => s?.ToString() ?? "") ?? [];
        var state = new LoginScriptState(initialScopes);
        var deployed = new DeployedAction(action.Id, action.Name, "draft", 0, script, new Dictionary<string, string>());
        var flow = @event["transaction"]?["protocol"]?.ToString() == "oauth2-refresh-token" ? IssuanceFlow.RefreshToken : IssuanceFlow.Password;
        var started = time.GetUtcNow();
        var result = await sandbox.RunAsync(script, new ScriptInvocation
        {
            Export = Triggers.EntryPoint(trigger),
            Arguments = scope =>
            {
                var eventValue = (Jint.Native.Object.ObjectInstance)scope.FromJson(@event);
                var api = trigger == Triggers.PostLogin
                    ? PostLoginApi.Create(scope, eventValue, state, deployed, cache, flow)
                    : CredentialsExchangeApi.Create(scope, state, deployed, cache, [.. state.Scopes]);
                return [eventValue, api];
            },
        }, cancellationToken);

        var outcome = new JsonObject
        {
            ["logs"] = string.Join('\n', result.Logs),
            ["stats"] = new JsonObject { ["action_duration_ms"] = Math.Round(result.Elapsed.TotalMilliseconds, 3), ["boot_duration_ms"] = 0, ["network_duration_ms"] = 0 },
            ["access_token_claims"] = new JsonObject([.. state.Claims.AccessToken.Select(c => new KeyValuePair<string, JsonNode?>(c.Key, c.Value?.DeepClone()))]),
            ["id_token_claims"] = new JsonObject([.. state.Claims.IdToken.Select(c => new KeyValuePair<string, JsonNode?>(c.Key, c.Value?.DeepClone()))]),
            ["scopes"] = new JsonArray([.. state.Scopes.Select(s => (JsonNode)JsonValue.Create(s))]),
            ["app_metadata"] = new JsonObject([.. state.AppMetadata.Select(c => new KeyValuePair<string, JsonNode?>(c.Key, c.Value?.DeepClone()))]),
            ["user_metadata"] = new JsonObject([.. state.UserMetadata.Select(c => new KeyValuePair<string, JsonNode?>(c.Key, c.Value?.DeepClone()))]),
            ["multifactor"] = state.MultifactorProvider is { } provider ? new JsonObject { ["provider"] = provider } : null,
            ["access_denied"] = state.Refused is { } refused ? new JsonObject { ["error"] = refused.Code, ["error_description"] = refused.Description } : null,
            ["error"] = result.Failure is { } failure ? new JsonObject { ["kind"] = failure.Kind.ToString(), ["message"] = failure.Message } : null,
            ["started_at"] = Admin.AdminTime.Iso(started.UtcDateTime),
        };
        return new JsonObject { ["payload"] = outcome };
    }

    public static JsonObject TriggersView() => new()
    {
        ["triggers"] = new JsonArray([.. Triggers.Bindable.Select(t => (JsonNode)new JsonObject
        {
            ["id"] = t,
            ["version"] = Triggers.Version(t),
            ["status"] = "CURRENT",
            ["runtimes"] = new JsonArray([.. Runtimes.Select(r => (JsonNode)JsonValue.Create(r))]),
            ["default_runtime"] = DefaultRuntime,
            ["compatible_triggers"] = new JsonArray(),
            ["binding_policy"] = "trigger-bound",
        })]),
    };

    public async Task<(List<JsonObject> Bindings, int Total)?> BindingsAsync(string trigger, ListQuery paging, CancellationToken cancellationToken)
    {
        if (!Triggers.Known.Contains(trigger))
        {
            return null;
        }

        var rows = await db.ActionBindings.Where(b => b.TriggerId == trigger).OrderBy(b => b.Position).ToListAsync(cancellationToken);
        var views = new List<JsonObject>();
        foreach (var binding in rows.Skip(paging.Skip).Take(paging.PerPage))
        {
            views.Add(await BindingViewAsync(binding, cancellationToken));
        }

        return (views, rows.Count);
    }

    /// <summary>Replaces the trigger's ordered bindings; every Action must exist, support the trigger and be deployed.</summary>
    public async Task<AdminResult<List<JsonObject>>> ReplaceBindingsAsync(string trigger, ActionBodies.Bindings body, CancellationToken cancellationToken)
    {
        if (!Triggers.Known.Contains(trigger))
        {
            return TriggerNotFound(trigger);
        }

        if (!Triggers.Bindable.Contains(trigger))
        {
            return AdminError.BadRequest($"Authgate does not run the {trigger} trigger; bindings are possible for {string.Join(" and ", Triggers.Bindable)}.", "invalid_trigger");
        }

        if (body.Items is not { } items)
        {
            return AdminError.Invalid(FieldError.Missing("bindings"));
        }

        using var write = await writes.EnterAsync(cancellationToken);
        var existing = await db.ActionBindings.Where(b => b.TriggerId == trigger).ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var replacement = new List<ActionBinding>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item?.Ref is not { Type: { } type, Value: { } value })
            {
                return AdminError.Invalid(FieldError.Missing("ref", $"bindings[{i}]"));
            }

            ActionDefinition? action;
            string? keepId = null;
            switch (type)
            {
                case "action_id":
                    action = await db.Actions.FirstOrDefaultAsync(a => a.Id == value, cancellationToken);
                    break;
                case "action_name":
                    action = await db.Actions.FirstOrDefaultAsync(a => a.Name == value, cancellationToken);
                    break;
                case "binding_id":
                    var bound = existing.FirstOrDefault(b => b.Id == value);
                    keepId = bound?.Id;
                    action = bound is null ? null : await db.Actions.FirstOrDefaultAsync(a => a.Id == bound.ActionId, cancellationToken);
                    break;
                default:
                    return AdminError.Invalid(FieldError.At($"bindings[{i}].ref.type", $"No enum match for: \"{type}\""));
            }

            if (action is null)
            {
                return AdminError.NotFound($"bindings[{i}]: no action matches {type} '{value}'.", "action_not_found");
            }

            if (!TriggerIds(action.SupportedTriggersJson).Contains(trigger))
            {
                return AdminError.BadRequest($"bindings[{i}]: the action '{action.Name}' does not support the {trigger} trigger.", "invalid_binding");
            }

            if (action.DeployedVersionId is null)
            {
                return AdminError.BadRequest($"bindings[{i}]: the action '{action.Name}' has never been deployed. Deploy it before binding it.", "invalid_binding");
            }

            var previous = existing.FirstOrDefault(b => b.Id == keepId);
            replacement.Add(new ActionBinding
            {
                Id = keepId ?? Guid.NewGuid().ToString(),
                TriggerId = trigger,
                Position = i,
                ActionId = action.Id,
                DisplayName = item.DisplayName ?? previous?.DisplayName ?? action.Name,
                CreatedAt = previous?.CreatedAt ?? now,
                UpdatedAt = now,
            });
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.ActionBindings.Where(b => b.TriggerId == trigger).ExecuteDeleteAsync(cancellationToken);
            db.ActionBindings.AddRange(replacement);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
        var views = new List<JsonObject>();
        foreach (var binding in replacement)
        {
            views.Add(await BindingViewAsync(binding, cancellationToken));
        }

        return views;
    }

    private async Task<JsonObject> BindingViewAsync(ActionBinding binding, CancellationToken cancellationToken)
    {
        var action = await db.Actions.AsNoTracking().FirstAsync(a => a.Id == binding.ActionId, cancellationToken);
        var deployed = action.DeployedVersionId is { } versionId ? await db.ActionVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == versionId, cancellationToken) : null;
        return new JsonObject
        {
            ["id"] = binding.Id,
            ["trigger_id"] = binding.TriggerId,
            ["display_name"] = binding.DisplayName,
            ["action"] = Summary(action, deployed),
            ["created_at"] = Admin.AdminTime.Iso(binding.CreatedAt),
            ["updated_at"] = Admin.AdminTime.Iso(binding.UpdatedAt),
        };
    }

    private async Task<ActionVersion> AddVersionAsync(ActionDefinition action, string code, string runtime, string dependencies, string secrets, string triggers, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var number = (await db.ActionVersions.Where(v => v.ActionId == action.Id).MaxAsync(v => (int?)v.Number, cancellationToken) ?? 0) + 1;
        var version = new ActionVersion
        {
            Id = Guid.NewGuid().ToString(),
            ActionId = action.Id,
            Number = number,
            Code = code,
            Runtime = runtime,
            DependenciesJson = dependencies,
            SecretsJson = secrets,
            SupportedTriggersJson = triggers,
            Deployed = true,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.ActionVersions.Where(v => v.ActionId == action.Id && v.Deployed).ExecuteUpdateAsync(s => s.SetProperty(v => v.Deployed, false).SetProperty(v => v.UpdatedAt, now), cancellationToken);
        db.ActionVersions.Add(version);
        action.DeployedVersionId = version.Id;
        action.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return version;
    }

    /// <summary>Validates the body's fields and copies them onto the draft; secrets listed without a value keep the stored one.</summary>
    private AdminError? Apply(ActionDefinition action, ActionBodies.Action body, string? existingSecrets, DateTime now)
    {
        if (body.Name is { } name)
        {
            if (name.Length is 0 or > 256)
            {
                return AdminError.Invalid(FieldError.At("name", $"String is {(name.Length == 0 ? "too short (0 chars), minimum 1" : $"too long ({name.Length} chars), maximum 256")}"));
            }

            action.Name = name;
        }

        if (body.SupportedTriggers is { } triggers)
        {
            if (triggers.Count == 0)
            {
                return AdminError.Invalid(FieldError.At("supported_triggers", "Array is too short (0), minimum 1"));
            }

            for (var i = 0; i < triggers.Count; i++)
            {
                if (triggers[i]?.Id is not { } trigger)
                {
                    return AdminError.Invalid(FieldError.Missing("id", $"supported_triggers[{i}]"));
                }

                if (!Triggers.Known.Contains(trigger))
                {
                    return AdminError.Invalid(FieldError.At($"supported_triggers[{i}].id", $"No enum match for: \"{trigger}\""));
                }
            }

            action.SupportedTriggersJson = new JsonArray([.. triggers.Select(t => (JsonNode)new JsonObject
            {
                ["id"] = t.Id,
                ["version"] = t.Version ?? (Triggers.Bindable.Contains(t.Id!) ? Triggers.Version(t.Id!) : "v1"),
            })]).ToJsonString();
        }

        if (body.Code is { } code)
        {
            if (Encoding.UTF8.GetByteCount(code) > MaxCodeBytes)
            {
                return AdminError.Invalid(FieldError.At("code", $"String is too long ({Encoding.UTF8.GetByteCount(code)} bytes), maximum {MaxCodeBytes}"));
            }

            var (_, error) = sandbox.Compile(code, ScriptShape.Program);
            if (error is not null)
            {
                return SyntaxError(error);
            }

            action.Code = code;
        }

        if (body.Runtime is { } runtime)
        {
            if (!Runtimes.Contains(runtime))
            {
                return AdminError.Invalid(FieldError.At("runtime", $"No enum match for: \"{runtime}\""));
            }

            action.Runtime = runtime;
        }

        if (body.Dependencies is { } dependencies)
        {
            if (dependencies.Any(d => d?.Name is null or { Length: 0 }))
            {
                return AdminError.Invalid(FieldError.Missing("name", "dependencies"));
            }

            action.DependenciesJson = new JsonArray([.. dependencies.Select(d => (JsonNode)new JsonObject { ["name"] = d.Name, ["version"] = d.Version ?? "latest" })]).ToJsonString();
        }

        if (body.Secrets is { } secrets)
        {
            if (!Secrets(secrets, existingSecrets, now).TryGet(out var json, out var error))
            {
                return error;
            }

            action.SecretsJson = json;
        }

        return null;
    }

    private AdminResult<string> Secrets(List<ActionBodies.Secret> secrets, string? existingJson, DateTime now)
    {
        var existing = (JsonNode.Parse(existingJson ?? "[]")?.AsArray() ?? []).OfType<JsonObject>()
            .ToDictionary(s => s["name"]!.GetValue<string>(), s => s, StringComparer.Ordinal);
        var result = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < secrets.Count; i++)
        {
            var secret = secrets[i];
            if (secret?.Name is not { Length: > 0 } name)
            {
                return AdminError.Invalid(FieldError.Missing("name", $"secrets[{i}]"));
            }

            if (name.Length > MaxSecretNameLength)
            {
                return AdminError.Invalid(FieldError.At($"secrets[{i}].name", $"String is too long ({name.Length} chars), maximum {MaxSecretNameLength}"));
            }

            if (!seen.Add(name))
            {
                // Auth0 names the repeated secret where a schema error puts the field's description.
                return AdminError.Invalid(new FieldError("secrets", "Array items are not unique", name));
            }

            if (secret.Value is { } value)
            {
                if (value.Length > MaxSecretValueLength)
                {
                    return AdminError.Invalid(FieldError.At($"secrets[{i}].value", $"String is too long ({value.Length} chars), maximum {MaxSecretValueLength}"));
                }

                result.Add(new JsonObject { ["name"] = name, ["value"] = protector.Protect(value, ScriptCatalog.SecretPurpose), ["updated_at"] = Admin.AdminTime.Iso(now) });
            }
            else if (existing.TryGetValue(name, out var kept))
            {
                result.Add(kept.DeepClone());
            }
            else
            {
                return AdminError.Invalid(FieldError.Missing("value", $"secrets[{i}]"));
            }
        }

        return result.ToJsonString();
    }

    /// <summary>Code that requires npm modules, or declares dependencies, cannot run in the sandbox.</summary>
    private AdminError? Deployable(string code, string dependenciesJson)
    {
        var (script, error) = sandbox.Compile(code, ScriptShape.Program);
        if (script is null)
        {
            return SyntaxError(error!);
        }

        if (script.RequiredModules.Count > 0)
        {
            return AdminError.BadRequest(
                $"The action requires the npm module{(script.RequiredModules.Count > 1 ? "s" : "")} {string.Join(", ", script.RequiredModules.Select(m => $"'{m}'"))}, which Authgate cannot load: npm modules are not supported. Remove the require() call.",
                "unsupported_dependency");
        }

        var dependencies = JsonNode.Parse(dependenciesJson)?.AsArray().Select(d => $"'{d?["name"]}@{d?["version"]}'").ToList() ?? [];
        return dependencies.Count > 0
            ? AdminError.BadRequest($"The action declares the npm dependencies {string.Join(", ", dependencies)}, which Authgate cannot load: npm modules are not supported.", "unsupported_dependency")
            : null;
    }

    private static AdminError SyntaxError(ScriptSyntaxError error) =>
        AdminError.BadRequest($"The code has a syntax error at line {error.Line}, column {error.Column}: {error.Message}", "invalid_body");

    private static AdminError NameTaken() => AdminError.Conflict("An action with this name already exists.", "action_conflict");

    private static JsonArray SecretsView(string json) =>
        new([.. (JsonNode.Parse(json)?.AsArray() ?? []).OfType<JsonObject>().Select(s => (JsonNode)new JsonObject { ["name"] = s["name"]?.DeepClone(), ["updated_at"] = s["updated_at"]?.DeepClone() })]);

    private static List<string> TriggerIds(string json) =>
        (JsonNode.Parse(json)?.AsArray() ?? []).Select(t => t?["id"]?.GetValue<string>() ?? "").ToList();
}
