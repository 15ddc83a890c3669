namespace Authgate.Management;

/// <summary>Endpoint metadata: how a successful or failed change is described in the tenant log (<c>sapi</c>/<c>fapi</c>).</summary>
internal sealed record AuditDescription(string Description);
