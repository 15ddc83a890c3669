using Authgate.Scripting;

namespace Authgate.Actions;

/// <summary>A bound Action's deployed version, compiled, with its secrets decrypted: what one login runs.</summary>
internal sealed record DeployedAction(string ActionId, string Name, string VersionId, int VersionNumber, CompiledScript Script, IReadOnlyDictionary<string, string> Secrets);
