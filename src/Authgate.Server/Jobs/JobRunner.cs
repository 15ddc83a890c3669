using System.Collections.Concurrent;
using Authgate.Storage;
using Authgate.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Authgate.Jobs;

/// <summary>
/// Runs jobs in the background on the node that accepted them, each in its own scope. A job that throws is marked
/// failed; one cut short by the node stopping is failed too (and, if the node dies, by the stale check of any node).
/// </summary>
internal sealed partial class JobRunner(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<JobRunner> logger)
{
    private readonly ConcurrentDictionary<string, Task> running = new(StringComparer.Ordinal);

    public void Start(string jobId, Func<IServiceProvider, CancellationToken, Task> work)
    {
        running[jobId] = Task.Run(async () =>
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await work(scope.ServiceProvider, lifetime.ApplicationStopping);
            }
            catch (Exception e)
            {
                JobFailed(logger, jobId, e);
                await MarkFailedAsync(jobId, e is OperationCanceledException ? "The server stopped before the job finished; run it again." : "The job failed unexpectedly.");
            }
            finally
            {
                running.TryRemove(jobId, out _);
            }
        });
    }

    /// <summary>Completes when every job this node runs has finished (tests, the CLI).</summary>
    public Task WhenIdleAsync() => Task.WhenAll(running.Values);

    private async Task MarkFailedAsync(string jobId, string details)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
            var now = time.GetUtcNow().UtcDateTime;
            using (await scope.ServiceProvider.GetRequiredService<WriteGate>().EnterAsync(CancellationToken.None))
            {
                await db.Jobs.Where(j => j.Id == jobId && j.Status != Job.Completed).ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, Job.Failed).SetProperty(j => j.StatusDetails, details).SetProperty(j => j.UpdatedAt, now));
            }
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            // The database is gone too: the stale check of any node fails the job later.
            JobFailed(logger, jobId, e);
        }
    }

    [LoggerMessage(EventId = 5601, Level = LogLevel.Warning, Message = "Job {JobId} failed")]
    private static partial void JobFailed(ILogger logger, string jobId, Exception exception);
}
