using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Authgate.Tests.Infrastructure;

/// <summary>
/// The errors the suite's in-process servers logged last, with their exceptions, so that an assertion that met an
/// unexpected 500 can say what the server threw: CI prints the failed assertion, not the servers' logs.
/// </summary>
public sealed class ServerErrors : ILoggerProvider
{
    private const int Kept = 8;
    private static readonly ConcurrentQueue<string> Recent = new();

    /// <summary>The last errors logged by any server of this test run, newest last, or a line saying there were none.</summary>
    public static string Describe() =>
        Recent.IsEmpty ? "(no server logged an error)" : "server errors, newest last:\n" + string.Join("\n", Recent);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            Recent.Enqueue($"{category}[{eventId.Id}] {formatter(state, exception)} {exception}");
            while (Recent.Count > Kept && Recent.TryDequeue(out _))
            {
            }
        }
    }
}
