namespace Authgate.Storage;

/// <summary>
/// Instants as the database stores them: milliseconds since the epoch. EF's converter for every <see cref="DateTime"/>
/// (<see cref="AuthDbContext.UnixMillisecondsConverter"/>) and the rows read and written outside EF
/// (<see cref="EntityRowShapes"/>) both go through <see cref="ToStored"/> and <see cref="ToDateTime"/>, so the two
/// cannot disagree.
/// </summary>
internal static class UnixMilliseconds
{
    public static long ToStored(DateTime instant) => new DateTimeOffset(DateTime.SpecifyKind(instant, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    public static DateTime ToDateTime(long stored) => DateTimeOffset.FromUnixTimeMilliseconds(stored).UtcDateTime;

    public static long? Of(DateTime? instant) => instant is { } value ? ToStored(value) : null;

    /// <summary>A stored column read outside EF (a number, or null) as the UTC instant EF would give.</summary>
    public static DateTime? ToInstant(object? stored) =>
        stored is null ? null : ToDateTime(Convert.ToInt64(stored, System.Globalization.CultureInfo.InvariantCulture));
}
