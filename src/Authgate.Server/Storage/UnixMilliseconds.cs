namespace Authgate.Storage;

/// <summary>Instants as the database stores them: milliseconds since the epoch, for SQL written by hand.</summary>
internal static class UnixMilliseconds
{
    public static long? Of(DateTime? instant) =>
        instant is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)).ToUnixTimeMilliseconds() : null;

    /// <summary>A stored column read outside EF (a number, or null) as the UTC instant EF would give.</summary>
    public static DateTime? ToInstant(object? stored) =>
        stored is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(stored, System.Globalization.CultureInfo.InvariantCulture)).UtcDateTime;
}
