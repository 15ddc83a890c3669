namespace Authgate.Tenants;

/// <summary>
/// A tenant file as read from disk, with what reading it did beyond the file itself: resource types and fields
/// left out (one line each) and secrets generated for the file's placeholders.
/// </summary>
public sealed record TenantSource(TenantFile File, IReadOnlyList<string> Notes, IReadOnlyList<GeneratedSecret> Secrets)
{
    /// <summary>The notes, then each generated secret (printed once: Authgate keeps only its protected form).</summary>
    public void Report(TextWriter output)
    {
        foreach (var note in Notes)
        {
            output.WriteLine(note);
        }

        foreach (var secret in Secrets)
        {
            output.WriteLine($"Generated {secret.Field} for {secret.Owner}: {secret.Value} (shown once)");
        }
    }
}
