using Weft.Core.Runs;
using Weft.Core.Workers;

namespace Weft.Core.Services;

/// <summary>
/// A run's result once it has ended, optionally waiting for the end (long polling). A waiter is woken by this node's
/// worker when it ends the run, and reads the run again every <see cref="Fallback"/> to see an end written by
/// another node; no thread is held while waiting.
/// </summary>
public sealed class RunResultService(RunService runs, RunEndSignal signal, TimeProvider time)
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan Fallback = TimeSpan.FromSeconds(1);

    /// <summary>The ended run; throws <see cref="RunNotEndedException"/> when it has not ended within <paramref name="wait"/>.</summary>
    public async Task<RunRecord> GetAsync(string ns, string id, TimeSpan wait, CancellationToken ct)
    {
        if (wait <= TimeSpan.Zero) return Ended(await runs.GetAsync(ns, id, ct));
        // Watch before the first read, so an end committed in between is not missed.
        using var watch = signal.Start(id);
        var run = await runs.GetAsync(ns, id, ct);
        var deadline = time.GetUtcNow() + (wait > MaxWait ? MaxWait : wait);
        while (!run.Status.IsFinal())
        {
            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero) break;
            using (var delay = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                await Task.WhenAny(watch.Ended, Task.Delay(left < Fallback ? left : Fallback, time, delay.Token));
                await delay.CancelAsync();
            }
            run = await runs.GetAsync(ns, id, ct);
        }
        return Ended(run);
    }

    private static RunRecord Ended(RunRecord run) => run.Status.IsFinal() ? run : throw new RunNotEndedException(run.Id, run.Status);
}
