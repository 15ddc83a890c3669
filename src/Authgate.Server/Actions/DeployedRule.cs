using Authgate.Scripting;

namespace Authgate.Actions;

/// <summary>An enabled legacy Rule, compiled.</summary>
internal sealed record DeployedRule(string Id, string Name, CompiledScript Script);
