using System.Threading.Channels;
using Weft.Core.Runs;
using Weft.Core.Storage;

namespace Weft.Core.Workers;

/// <summary>
/// Group commit: checkpoints from every run advancing on this node (and run starts from the API) queue up
/// here and are written together, many per transaction, so throughput is not one fsync per run.
/// </summary>
public sealed class CheckpointCommitter : IAsyncDisposable
{
    private readonly IRunWriter _writer;
    private readonly WorkerOptions _options;
    private readonly Channel<(RunWrite Write, TaskCompletionSource<WriteOutcome> Done)> _queue =
        Channel.CreateUnbounded<(RunWrite, TaskCompletionSource<WriteOutcome>)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public CheckpointCommitter(IRunWriter writer, WorkerOptions options)
    {
        _writer = writer;
        _options = options;
        _loop = Task.Run(LoopAsync);
    }

    public Task<WriteOutcome> CommitAsync(RunWrite write)
    {
        var done = new TaskCompletionSource<WriteOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((write, done))) done.SetException(new ObjectDisposedException(nameof(CheckpointCommitter)));
        return done.Task;
    }

    private async Task LoopAsync()
    {
        var batch = new List<(RunWrite Write, TaskCompletionSource<WriteOutcome> Done)>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _options.CommitBatch && _queue.Reader.TryRead(out var item)) batch.Add(item);
            try
            {
                var outcomes = await _writer.WriteAsync(batch.Select(b => b.Write).ToList(), _options.NodeId, _options.Lease, CancellationToken.None);
                for (var i = 0; i < batch.Count; i++) batch[i].Done.SetResult(outcomes[i]);
            }
            catch (Exception e)
            {
                foreach (var b in batch) b.Done.TrySetException(e);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }
}
