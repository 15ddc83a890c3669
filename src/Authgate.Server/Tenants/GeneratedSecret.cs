namespace Authgate.Tenants;

/// <summary>A secret the tenant file did not carry and Authgate generated; reported once, never stored in plain text.</summary>
/// <param name="Owner">What the secret belongs to, e.g. <c>client "Shop Web" (client_id …)</c>.</param>
/// <param name="Field">The field, e.g. <c>client_secret</c>.</param>
public sealed record GeneratedSecret(string Owner, string Field, string Value);
