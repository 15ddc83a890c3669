using System.Text.Json;
using Authgate.Security;

namespace Authgate.Tenants;

/// <summary>
/// A tenant file as read from disk, with what reading it did beyond the file itself: resource types and fields
/// left out (one line each) and secrets generated for the file's placeholders.
/// </summary>
internal sealed record TenantSource(TenantDocument Document, IReadOnlyList<string> Notes, IReadOnlyList<GeneratedSecret> Secrets)
{
    public const string SecretsFile = "seed-secrets.json";

    /// <summary>
    /// The notes, then the generated secrets, which Authgate keeps only in protected form: printed once, or — with
    /// <paramref name="secretsDirectory"/>, as the server does in Production, where standard output ends up in logs —
    /// written to an owner-only file there and only its path printed.
    /// </summary>
    public void Report(TextWriter output, string? secretsDirectory = null)
    {
        foreach (var note in Notes)
        {
            output.WriteLine(note);
        }

        if (Secrets.Count == 0)
        {
            return;
        }

        if (secretsDirectory is null)
        {
            foreach (var secret in Secrets)
            {
                output.WriteLine($"Generated {secret.Field} for {secret.Owner}: {secret.Value} (shown once)");
            }

            return;
        }

        PrivateFiles.CreateDirectory(secretsDirectory);
        var path = Path.GetFullPath(Path.Combine(secretsDirectory, SecretsFile));
        using (var stream = new FileStream(path, PrivateFiles.NewFile(FileMode.Create)))
        {
            JsonSerializer.Serialize(stream, Secrets.Select(s => new Dictionary<string, string> { ["owner"] = s.Owner, ["field"] = s.Field, ["value"] = s.Value }));
        }

        output.WriteLine($"Generated {Secrets.Count} secret(s) the tenant file could not carry ({string.Join("; ", Secrets.Select(s => $"{s.Field} for {s.Owner}"))}); " +
            $"they are in {path} (readable by this user only: store them elsewhere, then delete the file)");
    }
}
