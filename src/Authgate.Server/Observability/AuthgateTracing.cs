using System.Diagnostics;

namespace Authgate.Observability;

/// <summary>
/// The spans Authgate adds inside a request (client authentication, the grant, the password hash, the database write,
/// signing), under ASP.NET Core's own request span. Nothing is recorded unless tracing is exported (OTLP).
/// </summary>
internal static class AuthgateTracing
{
    public const string SourceName = "Authgate";

    public static readonly ActivitySource Source = new(SourceName);
}
