namespace Authgate.Storage;

/// <summary>Instants as the database stores them: milliseconds since the epoch, for SQL written by hand.</summary>
internal static class UnixMilliseconds
{
    public static long? Of(DateTime? instant) =>
        instant is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)).ToUnixTimeMilliseconds() : null;
}
