namespace Authgate.Storage.Entities;

internal static class AppTypes
{
    public const string RegularWeb = "regular_web";
    public const string NonInteractive = "non_interactive";
    public const string Native = "native";
    public const string Spa = "spa";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { RegularWeb, NonInteractive, Native, Spa };
}
