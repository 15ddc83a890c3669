namespace Authgate.Actions;

/// <summary>Everything one trigger runs, in order, under one configuration stamp: Rules first (post-login only), then the bound Actions.</summary>
internal sealed record TriggerScripts(IReadOnlyList<DeployedRule> Rules, IReadOnlyList<DeployedAction> Actions, IReadOnlyDictionary<string, string> RulesConfiguration)
{
    public bool IsEmpty => Rules.Count == 0 && Actions.Count == 0;
}
