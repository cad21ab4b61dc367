using System.Collections.Concurrent;
using Weft.Core.Runs;
using Weft.Core.Storage;

namespace Weft.Core.Workers;

/// <summary>
/// Group commit: checkpoints from every run advancing on this node (and run starts from the API) queue up
/// here and are written together, many per transaction, so throughput is not one fsync per run.
/// </summary>
/// <remarks>
/// A store that writes synchronously (SQLite) is written from a thread of its own. As a thread-pool task the loop
/// waited, under load, behind every request and advance queued before it, so the one thing every run waits for ran
/// last: a burst of starts was all computed before most of it was written. A store that waits on the network
/// (PostgreSQL) is written from a pool task, as its I/O completes on the pool anyway.
/// </remarks>
public sealed class CheckpointCommitter : IAsyncDisposable
{
    private readonly IRunWriter _writer;
    private readonly WorkerOptions _options;
    private readonly ConcurrentQueue<(RunWrite Write, TaskCompletionSource<WriteOutcome> Done)> _queue = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _signalled;
    private volatile bool _closing;

    public CheckpointCommitter(IRunWriter writer, WorkerOptions options)
    {
        _writer = writer;
        _options = options;
        if (writer.WritesSynchronously) new Thread(() => LoopAsync(onThread: true).GetAwaiter().GetResult()) { IsBackground = true, Name = "Weft checkpoint committer" }.Start();
        else _ = Task.Run(() => LoopAsync(onThread: false));
    }

    public Task<WriteOutcome> CommitAsync(RunWrite write)
    {
        if (_closing) return Task.FromException<WriteOutcome>(new ObjectDisposedException(nameof(CheckpointCommitter)));
        // Serializing the run's state and history is most of a write's cost outside the database: done here, by the
        // many threads that commit, and not in the one loop below that every write waits for.
        _writer.Prepare(write, _options.NodeId, _options.Lease);
        var done = new TaskCompletionSource<WriteOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Enqueue((write, done));
        Signal();
        if (_stopped.Task.IsCompleted) RefuseLate();
        return done.Task;
    }

    /// <summary>Wakes the loop once for any number of writes queued while it was busy (it takes them all).</summary>
    private void Signal()
    {
        if (Interlocked.Exchange(ref _signalled, 1) == 0) _signal.Release();
    }

    /// <param name="onThread">
    /// True on the committer's own thread: every wait blocks the thread (nothing is awaited, so the loop never leaves
    /// it). False as a pool task: waits are awaited.
    /// </param>
    private async Task LoopAsync(bool onThread)
    {
        var batch = new List<(RunWrite Write, TaskCompletionSource<WriteOutcome> Done)>();
        while (true)
        {
            if (onThread) _signal.Wait();
            else await _signal.WaitAsync();
            Volatile.Write(ref _signalled, 0);
            while (Take(batch))
            {
                try
                {
                    // On the thread the store's WriteAsync does its I/O on this thread and returns done.
                    var written = _writer.WriteAsync(Writes(batch), _options.NodeId, _options.Lease, CancellationToken.None);
                    Complete(batch, onThread ? written.GetAwaiter().GetResult() : await written);
                }
                catch (Exception e)
                {
                    Fail(batch, e);
                }
            }
            if (_closing) break;
        }
        _stopped.TrySetResult();
    }

    /// <summary>The next batch (up to the configured size), false when nothing is queued.</summary>
    private bool Take(List<(RunWrite Write, TaskCompletionSource<WriteOutcome> Done)> batch)
    {
        batch.Clear();
        while (batch.Count < _options.CommitBatch && _queue.TryDequeue(out var item)) batch.Add(item);
        return batch.Count > 0;
    }

    private static RunWrite[] Writes(List<(RunWrite Write, TaskCompletionSource<WriteOutcome> Done)> batch) => [.. batch.Select(b => b.Write)];

    private static void Complete(List<(RunWrite Write, TaskCompletionSource<WriteOutcome> Done)> batch, IReadOnlyList<WriteOutcome> outcomes)
    {
        for (var i = 0; i < batch.Count; i++) batch[i].Done.SetResult(outcomes[i]);
    }

    private static void Fail(List<(RunWrite Write, TaskCompletionSource<WriteOutcome> Done)> batch, Exception e)
    {
        foreach (var b in batch) b.Done.TrySetException(e);
    }

    public async ValueTask DisposeAsync()
    {
        _closing = true;
        _signal.Release();
        await _stopped.Task;
        RefuseLate();
    }

    /// <summary>A write queued as the loop ended (it saw the committer open) is refused, not left waiting.</summary>
    private void RefuseLate()
    {
        while (_queue.TryDequeue(out var late)) late.Done.TrySetException(new ObjectDisposedException(nameof(CheckpointCommitter)));
    }
}
