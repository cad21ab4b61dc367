using Weft.Core.Runs;

namespace Weft.Core.Workers;

/// <summary>
/// Tells those waiting on a run (a long-polled result) that it has ended on this node: the commit gateway raises
/// <see cref="IRunEndedFeed.RunEnded"/> after the checkpoint that ended it is committed. Only runs someone waits for
/// are held here, and only while they wait.
/// </summary>
public sealed class RunEndSignal : IDisposable
{
    private readonly IRunEndedFeed _feed;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _waiting = new(StringComparer.Ordinal);
    private int _count;

    public RunEndSignal(IRunEndedFeed feed)
    {
        _feed = feed;
        feed.RunEnded += OnEnded;
    }

    /// <summary>Starts watching a run; the watch's task completes when this node ends it. Dispose the watch when done.</summary>
    public Watch Start(string runId)
    {
        lock (_gate)
        {
            if (!_waiting.TryGetValue(runId, out var entry))
            {
                entry = new Entry();
                _waiting[runId] = entry;
                Volatile.Write(ref _count, _waiting.Count);
            }
            entry.Users++;
            return new Watch(this, runId, entry);
        }
    }

    private void OnEnded(RunRecord run)
    {
        // Called for every run that ends on this node: nothing to do (and no lock) while nobody waits.
        if (Volatile.Read(ref _count) == 0) return;
        Entry? entry;
        lock (_gate)
        {
            if (!_waiting.Remove(run.Id, out entry)) return;
            Volatile.Write(ref _count, _waiting.Count);
        }
        entry.Ended.TrySetResult();
    }

    private void Stop(string runId, Entry entry)
    {
        lock (_gate)
        {
            if (--entry.Users > 0) return;
            if (_waiting.TryGetValue(runId, out var current) && current == entry) _waiting.Remove(runId);
            Volatile.Write(ref _count, _waiting.Count);
        }
    }

    public void Dispose() => _feed.RunEnded -= OnEnded;

    internal sealed class Entry
    {
        public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Users { get; set; }
    }

    /// <summary>One waiter's interest in one run.</summary>
    public sealed class Watch : IDisposable
    {
        private readonly RunEndSignal _owner;
        private readonly string _runId;
        private readonly Entry _entry;
        private int _disposed;

        internal Watch(RunEndSignal owner, string runId, Entry entry)
        {
            _owner = owner;
            _runId = runId;
            _entry = entry;
        }

        /// <summary>Completes when the run ends on this node.</summary>
        public Task Ended => _entry.Ended.Task;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) _owner.Stop(_runId, _entry);
        }
    }
}
