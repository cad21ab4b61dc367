using System.Collections.Concurrent;
using System.Threading.Channels;
using Weft.Core.Runs;

namespace Weft.Core.Workers;

/// <summary>
/// The work this node runs next: rows it claimed, and rows a committed checkpoint made for this node (claimed in the
/// same write). A run whose checkpoint this node just wrote is kept beside its row, so it is not read back.
/// </summary>
public sealed class ReadyQueue
{
    private readonly Channel<WorkItem> _ready = Channel.CreateUnbounded<WorkItem>();
    private readonly ConcurrentDictionary<string, RunRecord> _fresh = new(StringComparer.Ordinal);

    public int Count => _ready.Reader.Count;

    internal ChannelReader<WorkItem> Reader => _ready.Reader;

    public void Add(WorkItem item) => _ready.Writer.TryWrite(item);

    /// <summary>Queues the work a committed write claimed for this node.</summary>
    public void Dispatch(RunWrite write)
    {
        foreach (var w in write.Work)
        {
            if (!w.Claimed) continue;
            if (w.Kind is not (WorkKind.Http or WorkKind.StartChild)) _fresh[write.Run.Id] = write.Run;
            _ready.Writer.TryWrite(new WorkItem(w.Id, write.Run.Id, w.Kind, w.Step, w.Attempt, w.DueAt, 1, w.Payload));
        }
    }

    internal bool TryTakeFresh(string runId, out RunRecord? run) => _fresh.TryRemove(runId, out run);

    internal void Forget(string runId) => _fresh.TryRemove(runId, out _);

    internal void Complete() => _ready.Writer.TryComplete();
}
