using Authgate.Scripting;

namespace Authgate.Actions;

/// <summary>
/// A bound Action's deployed version, compiled, with its secrets decrypted: what one login runs. <see cref="Direct"/>
/// is set for a post-login Action that only makes constant token calls, applied without an engine.
/// </summary>
internal sealed record DeployedAction(string ActionId, string Name, string VersionId, int VersionNumber, CompiledScript Script, IReadOnlyDictionary<string, string> Secrets)
{
    public DirectAction? Direct { get; init; }
}
