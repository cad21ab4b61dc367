using Shouldly;
using Weft.Core.Runs;
using Weft.Core.Workers;
using Xunit;

namespace Weft.Storage.Tests;

/// <summary>The group commit (its own thread, writes built by the callers) over a real SQLite store.</summary>
public sealed class CheckpointCommitterTests : StoreFixture
{
    protected override Task<SqlStore> CreateStoreAsync() => SqliteInTempFolderAsync();

    [Fact]
    public async Task ManyThreadsCommittingAtOnce_EveryWriteIsStoredAndAnsweredOnce()
    {
        await using var committer = new CheckpointCommitter(Store.Writer, new WorkerOptions { NodeId = "node-a", CommitBatch = 64 });
        var writes = Enumerable.Range(0, 600).Select(_ => TestRuns.Created(T0)).ToList();

        var outcomes = await Task.WhenAll(writes.Select(w => Task.Run(() => committer.CommitAsync(w), Ct)));

        outcomes.ShouldAllBe(o => o == WriteOutcome.Written);
        foreach (var w in writes)
        {
            var stored = await Store.Runs.GetAsync(w.Run.Id, Ct);
            stored.ShouldNotBeNull().Status.ShouldBe(RunStatus.Queued);
            w.Run.Version.ShouldBe(1);
        }
    }

    [Fact]
    public async Task Dispose_WritesWhatWasQueued_ThenRefusesNewWrites()
    {
        var committer = new CheckpointCommitter(Store.Writer, new WorkerOptions { NodeId = "node-a" });
        var queued = Enumerable.Range(0, 50).Select(_ => TestRuns.Created(T0)).ToList();
        var answers = queued.Select(committer.CommitAsync).ToList();

        await committer.DisposeAsync();

        (await Task.WhenAll(answers)).ShouldAllBe(o => o == WriteOutcome.Written);
        foreach (var w in queued) (await Store.Runs.GetAsync(w.Run.Id, Ct)).ShouldNotBeNull();
        await Should.ThrowAsync<ObjectDisposedException>(() => committer.CommitAsync(TestRuns.Created(T0)));
    }
}
