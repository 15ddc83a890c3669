namespace Authgate.Tenants;

/// <summary>A tenant file that cannot be applied; the message names the field and what is wrong.</summary>
public sealed class TenantFileException(string message) : Exception(message);
