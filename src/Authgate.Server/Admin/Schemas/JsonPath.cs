namespace Authgate.Admin.Schemas;

/// <summary>Property paths as Auth0 prints them: dots between names, <c>[i]</c> for array items.</summary>
internal static class JsonPath
{
    public static string Property(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";

    public static string Item(string parent, int index) => $"{parent}[{index}]";

    /// <summary>Appends a relative path (itself possibly starting with an index) to <paramref name="parent"/>.</summary>
    public static string Child(string parent, string relative) =>
        parent.Length == 0 ? relative : relative.Length == 0 ? parent : relative[0] == '[' ? parent + relative : $"{parent}.{relative}";
}
