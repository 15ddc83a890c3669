using System.Globalization;

namespace Authgate.Admin;

/// <summary>Instants as the Management API writes them: ISO 8601 in UTC with milliseconds.</summary>
internal static class AdminTime
{
    public static string Iso(DateTime instant) =>
        DateTime.SpecifyKind(instant, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
