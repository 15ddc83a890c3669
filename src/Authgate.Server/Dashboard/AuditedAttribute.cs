namespace Authgate.Dashboard;

/// <summary>How a page handler's change is described in the tenant log (<c>sapi</c> when it succeeds, <c>fapi</c> when refused).</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class AuditedAttribute(string description) : Attribute
{
    public string Description { get; } = description;
}
