namespace Authgate.Protection;

/// <summary>
/// Whether a password set through the Management API must be refused: detection is enabled and the stage
/// (signup for new users, change for updates) has the <c>block</c> shield — or, when the stage lists no shields,
/// the detection's own shields do.
/// </summary>
internal sealed class BreachedPasswordPolicy(AttackProtectionStore store, BreachedPasswords breached)
{
    public async Task<bool> RefusesAsync(string password, bool newUser, CancellationToken cancellationToken)
    {
        var settings = (await store.GetAsync(cancellationToken)).BreachedPassword;
        if (settings.Enabled != true)
        {
            return false;
        }

        var stage = newUser ? settings.Stage?.PreUserRegistration?.Shields : settings.Stage?.PreChangePassword?.Shields;
        var shields = stage is { Count: > 0 } ? stage : settings.Shields ?? [];
        return shields.Contains("block") && await breached.IsBreachedAsync(password, cancellationToken);
    }
}
