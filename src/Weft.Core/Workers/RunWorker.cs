using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Weft.Core.Commands;
using Weft.Core.Engine;
using Weft.Core.Runs;
using Weft.Core.Services;
using Weft.Core.Storage;

namespace Weft.Core.Workers;

/// <summary>
/// Drives runs on this node: claims due work rows in batches into the <see cref="ReadyQueue"/>, advances each run
/// through the engine and writes the checkpoint through <see cref="IRunCommitter"/> (which queues at once the work a
/// checkpoint created for this node). Waiting runs hold nothing here: they are rows in the store until their work is due.
/// </summary>
public sealed partial class RunWorker : IAsyncDisposable
{
    private readonly IWeftStore _store;
    private readonly DefinitionCache _definitions;
    private readonly WorkflowEngine _engine;
    private readonly IRunCommitter _committer;
    private readonly RunStarter _starter;
    private readonly ReadyQueue _ready;
    private readonly IWorkSignal _signal;
    private readonly IHttpStepClient _http;
    private readonly WorkerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _httpSlots;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private int _disposed;
    private int _inFlight;

    public RunWorker(
        IWeftStore store, DefinitionCache definitions, WorkflowEngine engine, IRunCommitter committer, ReadyQueue ready, IWorkSignal signal,
        RunStarter starter, IHttpStepClient http, WorkerOptions options, TimeProvider time, ILogger<RunWorker> log)
    {
        _store = store;
        _definitions = definitions;
        _engine = engine;
        _committer = committer;
        _starter = starter;
        _ready = ready;
        _signal = signal;
        _http = http;
        _options = options;
        _time = time;
        _log = log;
        _httpSlots = new SemaphoreSlim(options.MaxHttpInFlight, options.MaxHttpInFlight);
    }

    /// <summary>Runs to finish: work in the local queue and in flight.</summary>
    public int Backlog => _ready.Count + Volatile.Read(ref _inFlight);

    public async Task StartAsync(CancellationToken ct)
    {
        // Leases this node held before a crash are its own: take them back at once rather than wait for them to lapse.
        var released = await _store.Work.ReleaseNodeAsync(_options.NodeId, _time.GetUtcNow(), ct);
        if (released > 0) LogRecovered(released, _options.NodeId);
        _loops.Add(Task.Run(PollLoopAsync, CancellationToken.None));
        for (var i = 0; i < _options.Concurrency; i++) _loops.Add(Task.Run(ProcessLoopAsync, CancellationToken.None));
    }

    private Task<WriteOutcome> CommitAsync(RunWrite write) => _committer.CommitAsync(write);

    private async Task PollLoopAsync()
    {
        var ct = _stop.Token;
        while (!ct.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                if (_ready.Count < _options.ClaimBatch)
                {
                    var items = await _store.Work.ClaimAsync(_options.NodeId, _options.ClaimBatch, _options.Lease, _time.GetUtcNow(), ct);
                    claimed = items.Count;
                    foreach (var item in items) _ready.Add(item);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogClaimFailed(e);
            }
            if (claimed >= _options.ClaimBatch) continue;
            try
            {
                await _signal.WaitAsync(_options.PollInterval, _time, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task ProcessLoopAsync()
    {
        var ct = _stop.Token;
        try
        {
            while (await _ready.Reader.WaitToReadAsync(ct))
            {
                while (_ready.Reader.TryRead(out var item))
                {
                    if (item.Kind == WorkKind.Http)
                    {
                        await _httpSlots.WaitAsync(ct);
                        Interlocked.Increment(ref _inFlight);
                        _ = Task.Run(() => HttpAsync(item, ct), CancellationToken.None);
                        continue;
                    }
                    Interlocked.Increment(ref _inFlight);
                    try
                    {
                        if (item.Kind == WorkKind.StartChild) await StartChildAsync(item, ct);
                        else await AdvanceAsync(item, null, ct);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref _inFlight);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task HttpAsync(WorkItem item, CancellationToken ct)
    {
        try
        {
            var request = item.Payload ?? [];
            var timeout = TimeSpan.FromMilliseconds(request["timeoutMs"]?.GetValue<long>() ?? 30_000);
            if (timeout > _options.Lease / 2)
                await _store.Work.ExtendAsync(item, _time.GetUtcNow() + timeout + _options.Lease, ct);
            var response = await _http.SendAsync(request, ct);
            await AdvanceAsync(item, response, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogAdvanceFailed(e, item.RunId);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            _httpSlots.Release();
        }
    }

    private async Task AdvanceAsync(WorkItem item, JsonObject? httpResponse, CancellationToken ct)
    {
        try
        {
            // A row's token counts its claims: one claimed this often has failed to advance before, or stopped the
            // process that advanced it (the run is claimed again after each restart). The run ends here instead.
            if (item.Token > _options.MaxAdvanceAttempts)
            {
                _ready.Forget(item.RunId);
                await FailUnadvanceableAsync(item, $"Weft could not advance the run: its work was taken up {item.Token - 1} times without being done (an earlier attempt failed, or stopped the server)", ct);
                return;
            }
            if (!_ready.TryTakeFresh(item.RunId, out var run)) run = await _store.Runs.GetAsync(item.RunId, ct);
            if (run is null)
            {
                await _store.Work.ReleaseAsync(item, DateTimeOffset.MaxValue.AddYears(-1), ct);
                return;
            }
            var definition = await _definitions.GetAsync(run.DefinitionId, ct)
                ?? throw new InvalidOperationException($"definition {run.DefinitionId} of run {run.Id} is missing");
            var write = _engine.Advance(run, definition, item, Now(), httpResponse);
            if (await CommitAsync(write) == WriteOutcome.Conflict)
            {
                // Another writer moved the run (an operator's terminate, or a node that took over the lease): try later from the stored state.
                await _store.Work.ReleaseAsync(item, _time.GetUtcNow() + TimeSpan.FromMilliseconds(100), ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogAdvanceFailed(e, item.RunId);
            try
            {
                if (item.Token >= _options.MaxAdvanceAttempts)
                    await FailUnadvanceableAsync(item, $"Weft could not advance the run ({item.Token} attempts): {e.Message}", CancellationToken.None);
                else
                    await _store.Work.ReleaseAsync(item, _time.GetUtcNow() + RetryDelay(item.Token), CancellationToken.None);
            }
            catch (Exception inner)
            {
                LogAdvanceFailed(inner, item.RunId);
            }
        }
    }

    /// <summary>5 s after the first failed attempt, doubling after each, at most a minute.</summary>
    private static TimeSpan RetryDelay(long attempts) => TimeSpan.FromSeconds(Math.Min(60, 5 << (int)Math.Clamp(attempts - 1, 0, 4)));

    /// <summary>
    /// Fails the run as it was last stored (what the failed advance made of it may be what could not be written),
    /// so that the failure itself can always be written.
    /// </summary>
    private async Task FailUnadvanceableAsync(WorkItem item, string error, CancellationToken ct)
    {
        var stored = await _store.Runs.GetAsync(item.RunId, ct);
        if (stored is null || stored.Status.IsFinal())
        {
            await _store.Work.ReleaseAsync(item, DateTimeOffset.MaxValue.AddYears(-1), ct);
            return;
        }
        LogRunFailedUnadvanceable(item.RunId, error);
        if (await CommitAsync(WorkflowEngine.FailUnadvanceable(stored, item, Now(), error)) == WriteOutcome.Conflict)
            await _store.Work.ReleaseAsync(item, _time.GetUtcNow() + TimeSpan.FromMilliseconds(100), ct);
    }

    /// <summary>The time at the store's precision (milliseconds), so step and run times agree.</summary>
    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());

    public async ValueTask DisposeAsync()
    {
        // The host may dispose the worker twice (as the hosted service's dependency and as a singleton).
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stop.CancelAsync();
        _ready.Complete();
        try
        {
            await Task.WhenAll(_loops);
        }
        catch (OperationCanceledException)
        {
        }
        // Hand what this node still held to the others at once.
        try
        {
            await _store.Work.ReleaseNodeAsync(_options.NodeId, _time.GetUtcNow(), CancellationToken.None);
        }
        catch (Exception e)
        {
            LogClaimFailed(e);
        }
        _stop.Dispose();
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Took back {Count} work rows that node {Node} held before it stopped")]
    private partial void LogRecovered(int count, string node);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Claiming work failed; trying again")]
    private partial void LogClaimFailed(Exception e);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Advancing run {RunId} failed; its work is retried")]
    private partial void LogAdvanceFailed(Exception e, string runId);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "Run {RunId} is failed because it cannot be advanced: {Error}")]
    private partial void LogRunFailedUnadvanceable(string runId, string error);
}
