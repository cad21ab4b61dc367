using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Shouldly;
using Weft.Core.Commands;
using Weft.Core.Runs;
using Weft.Core.Services;
using Weft.Core.Workers;
using Weft.Tests.Shared;
using Xunit;

namespace Weft.Storage.Tests;

/// <summary>
/// The long-polled result is woken by this node's worker when it ends the run, not by the fallback re-read: the
/// clock here never lets a delay pass, so only the signal can answer.
/// </summary>
public sealed class RunResultWaitTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private SqliteStore _store = null!;
    private NodeParts _node = null!;
    private RunEndSignal _signal = null!;
    private RunResultService _results = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = new SqliteStore($"Data Source={Path.Combine(_dir.Path, "weft.db")}");
        await _store.MigrateAsync(Ct);
        // A clock that stands still: its timers never fire.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new WorkerOptions { NodeId = "node-a" };
        _node = NodeParts.Create(_store, options, new NoHttp(), time, NullLoggerFactory.Instance);
        _signal = new RunEndSignal(_node.Ended);
        _results = new RunResultService(_node.Runs, _signal, time);
        await _node.Definitions.DeployAsync("default", "name: nap\nsteps:\n  - id: a\n    kind: delay\n    duration: 1h\n", json: false, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        _signal.Dispose();
        await _node.DisposeAsync();
        await _store.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Wait_RunEndedOnThisNode_AnswersWithoutWaitingForTheFallback()
    {
        var run = (await _node.Starter.StartAsync(new StartRun { Namespace = "default", Definition = "nap", Initiator = "tester" }, Ct)).Run;
        var waiting = _results.GetAsync("default", run.Id, TimeSpan.FromSeconds(30), Ct);
        await Should.ThrowAsync<RunNotEndedException>(() => _results.GetAsync("default", run.Id, TimeSpan.Zero, Ct));
        waiting.IsCompleted.ShouldBeFalse();

        await _node.Control.TerminateAsync("default", run.Id, "done waiting", "tester", null, Ct);
        var ended = await waiting.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        ended.Status.ShouldBe(RunStatus.Terminated);
    }

    private sealed class NoHttp : IHttpStepClient
    {
        public Task<JsonObject> SendAsync(JsonObject request, CancellationToken ct) => throw new InvalidOperationException("no http here");
    }
}
