namespace Authgate.Dashboard;

/// <summary>Marks a page that is not for signed-in administrators only (see <see cref="DashboardAccessLevel"/>).</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class DashboardAccessAttribute(DashboardAccessLevel level) : Attribute
{
    public DashboardAccessLevel Level { get; } = level;
}
