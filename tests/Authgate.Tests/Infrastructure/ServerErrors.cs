using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;

namespace Authgate.Tests.Infrastructure;

/// <summary>
/// The errors the suite's in-process servers logged last, with their exceptions, so that an assertion that met an
/// unexpected 500 can say what the server threw: CI prints the failed assertion (its first lines), not the servers' logs.
/// </summary>
public sealed class ServerErrors : ILoggerProvider
{
    private const int Kept = 8;
    private const int StackLines = 8;
    private static readonly ConcurrentQueue<(string Summary, Exception? Exception)> Recent = new();

    /// <summary>
    /// The last errors logged by any server of this test run, newest first, one line each, and the newest one's stack;
    /// or a line saying there were none.
    /// </summary>
    public static string Describe()
    {
        var errors = Recent.Reverse().ToList();
        if (errors.Count == 0)
        {
            return "(no server logged an error)";
        }

        var stack = errors[0].Exception?.StackTrace?.Split('\n').Take(StackLines) ?? [];
        return "server errors, newest first:\n" + string.Join("\n", errors.Select(e => e.Summary).Concat(stack));
    }

    /// <summary>
    /// The reason for a status assertion: the response's body, and when the server answered a 5xx other than
    /// <paramref name="expected"/> (any 5xx when none is), what the servers logged (<see cref="Describe"/>).
    /// </summary>
    public static string Because(HttpResponseMessage response, string body, HttpStatusCode? expected = null) =>
        (int)response.StatusCode >= 500 && response.StatusCode != expected ? body + "\n" + Describe() : body;

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

            var thrown = exception is null ? "" : $": {exception.GetType().FullName}: {exception.Message}";
            Recent.Enqueue(($"{category}[{eventId.Id}] {formatter(state, exception)}{thrown}".ReplaceLineEndings(" "), exception));
            while (Recent.Count > Kept && Recent.TryDequeue(out _))
            {
            }
        }
    }
}
