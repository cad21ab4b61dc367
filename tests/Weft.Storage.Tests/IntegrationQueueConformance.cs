using System.Text.Json.Nodes;
using Shouldly;
using Weft.Core.Dsl;
using Weft.Core.Engine;
using Weft.Core.Integration;
using Weft.Core.Runs;
using Weft.Core.Storage;
using Xunit;

namespace Weft.Storage.Tests;

/// <summary>The integration item queue, written once and run against SQLite and PostgreSQL; each test gets a fresh database.</summary>
public abstract class IntegrationQueueConformance : StoreFixture
{
    private IIntegrationItemStore Items => Store.Integration;

    /// <summary>Writes a new run whose checkpoint puts one item on <paramref name="queue"/>; returns the run and the item id.</summary>
    private async Task<(RunRecord Run, string ItemId)> NewItemAsync(string queue = "q", DateTimeOffset? at = null)
    {
        var now = at ?? T0;
        var run = TestRuns.New(now, Guid.NewGuid().ToString());
        var itemId = Guid.NewGuid().ToString();
        JsonArray fields = [new JsonObject { ["key"] = "score", ["type"] = "integer", ["value"] = null, ["readonly"] = false, ["required"] = true }];
        run.State.HoldsOutside = true; // as the engine marks a run whose checkpoint opens an item
        var write = WorkflowEngine.Create(run, TestRuns.Delay, now, null) with { Effects = [new IntegrationItemCreated(itemId, queue, "a", 1, fields)] };
        (await Store.Writer.WriteAsync([write], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Written]);
        return (run, itemId);
    }

    private static IntegrationSignal Signal(RunRecord run) =>
        new(Guid.NewGuid().ToString(), run.Id, "a", 1, new JsonObject { ["type"] = "completed" });

    [Fact]
    public async Task Poll_NewItem_LeasedOnceWithToken_OthersGetNothing()
    {
        var (run, id) = await NewItemAsync();
        var polled = await Items.PollAsync("default", "q", "w1", 10, Lease, T0, Ct);
        var item = polled.ShouldHaveSingleItem();
        (item.Id, item.RunId, item.Step, item.Attempt, item.Status, item.LeaseOwner, item.LeaseToken, item.Deliveries).ShouldBe((id, run.Id, "a", 1, "leased", "w1", 1L, 1));
        item.LeaseUntil.ShouldBe(T0 + Lease);
        item.Fields.Single()!["key"]!.GetValue<string>().ShouldBe("score");
        (await Items.PollAsync("default", "q", "w2", 10, Lease, T0, Ct)).ShouldBeEmpty();
        (await Items.PollAsync("default", "other", "w2", 10, Lease, T0, Ct)).ShouldBeEmpty();
        (await Items.PollAsync("team", "q", "w2", 10, Lease, T0, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Poll_LapsedLease_GoesToNextWorkerWithNewToken_StaleTokenRefused()
    {
        var (run, id) = await NewItemAsync();
        var first = (await Items.PollAsync("default", "q", "w1", 1, Lease, T0, Ct)).Single();
        var later = T0 + Lease + TimeSpan.FromSeconds(1);
        var second = (await Items.PollAsync("default", "q", "w2", 1, Lease, later, Ct)).Single();
        second.Id.ShouldBe(id);
        second.LeaseToken.ShouldBeGreaterThan(first.LeaseToken);
        second.Deliveries.ShouldBe(2);
        (await Items.HeartbeatAsync("default", id, first.LeaseToken, later + Lease, Ct)).ShouldBeFalse();
        (await Items.UpdateFieldsAsync("default", id, first.LeaseToken, first.Fields, [], Ct)).ShouldBeFalse();
        (await Items.FinishAsync("default", id, first.LeaseToken, "completed", first.Fields, first.Fields, null, Signal(run), later, Ct)).ShouldBeFalse();
        // The refused completion wrote no signal: the only work row is the run's first.
        (await Store.Work.ClaimAsync("node-x", 10, Lease, later + TimeSpan.FromHours(1), Ct)).ShouldAllBe(w => w.Kind != WorkKind.Signal);
        (await Items.GetAsync("default", id, Ct))!.Status.ShouldBe("leased");
    }

    [Fact]
    public async Task Heartbeat_CurrentToken_ExtendsLease_ItemNotRedelivered()
    {
        var (_, id) = await NewItemAsync();
        var item = (await Items.PollAsync("default", "q", "w1", 1, Lease, T0, Ct)).Single();
        (await Items.HeartbeatAsync("default", id, item.LeaseToken, T0 + TimeSpan.FromMinutes(5), Ct)).ShouldBeTrue();
        (await Items.GetAsync("default", id, Ct))!.LeaseUntil.ShouldBe(T0 + TimeSpan.FromMinutes(5));
        (await Items.PollAsync("default", "q", "w2", 1, Lease, T0 + Lease + TimeSpan.FromSeconds(1), Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Finish_CurrentToken_CompletesItemAndStoresSignalTogether_SecondFinishRefused()
    {
        var (run, id) = await NewItemAsync();
        var item = (await Items.PollAsync("default", "q", "w1", 1, Lease, T0, Ct)).Single();
        JsonArray fields = [new JsonObject { ["key"] = "score", ["type"] = "integer", ["value"] = 700, ["readonly"] = false, ["required"] = true }];
        (await Items.UpdateFieldsAsync("default", id, item.LeaseToken, item.Fields, fields, Ct)).ShouldBeTrue();
        // A write based on fields read before that change is refused: it would undo it.
        (await Items.UpdateFieldsAsync("default", id, item.LeaseToken, item.Fields, item.Fields, Ct)).ShouldBeFalse();
        (await Items.FinishAsync("default", id, item.LeaseToken, "completed", item.Fields, fields, null, Signal(run), T0, Ct)).ShouldBeFalse();
        (await Items.FinishAsync("default", id, item.LeaseToken, "completed", fields, fields, new JsonObject { ["ok"] = true }, Signal(run), T0, Ct)).ShouldBeTrue();
        var stored = (await Items.GetAsync("default", id, Ct))!;
        stored.Status.ShouldBe("completed");
        stored.CompletedAt.ShouldBe(T0);
        stored.Fields.Single()!["value"]!.GetValue<int>().ShouldBe(700);
        var signal = (await Store.Work.ClaimAsync("node-x", 10, Lease, T0, Ct)).ShouldHaveSingleItem();
        (signal.Kind, signal.RunId, signal.Step, signal.Attempt).ShouldBe((WorkKind.Signal, run.Id, "a", 1));
        (await Items.FinishAsync("default", id, item.LeaseToken, "completed", fields, fields, null, Signal(run), T0, Ct)).ShouldBeFalse();
        (await Items.PollAsync("default", "q", "w2", 1, Lease, T0 + TimeSpan.FromHours(1), Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Poll_ConcurrentPollers_NeverGetTheSameItem()
    {
        const int count = 30;
        for (var i = 0; i < count; i++) await NewItemAsync(at: T0 + TimeSpan.FromMilliseconds(i));
        var got = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            while (true)
            {
                var items = await Items.PollAsync("default", "q", "w" + w, 3, Lease, T0 + TimeSpan.FromSeconds(1), Ct);
                if (items.Count == 0) return;
                foreach (var item in items) got.Add(item.Id);
            }
        }, Ct)));
        got.Count.ShouldBe(count);
        got.Distinct().Count().ShouldBe(count);
    }

    [Fact]
    public async Task Poll_OldestFirst_UpToMax()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add((await NewItemAsync(at: T0 + TimeSpan.FromSeconds(i))).ItemId);
        var items = await Items.PollAsync("default", "q", "w1", 3, Lease, T0 + TimeSpan.FromSeconds(10), Ct);
        items.Select(i => i.Id).ShouldBe(ids.Take(3));
    }

    [Fact]
    public async Task RunEnded_CancelsItsOpenItems()
    {
        var (run, id) = await NewItemAsync();
        var stored = (await Store.Runs.GetAsync(run.Id, Ct))!;
        var end = WorkflowEngine.Terminate(stored, T0 + TimeSpan.FromSeconds(1), "test", null);
        (await Store.Writer.WriteAsync([end], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Written]);
        (await Items.GetAsync("default", id, Ct))!.Status.ShouldBe("cancelled");
        (await Items.PollAsync("default", "q", "w1", 10, Lease, T0 + TimeSpan.FromHours(1), Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Cancelled_StepAttempt_ItemLeavesTheQueue_LateCompletionRefused()
    {
        var (run, id) = await NewItemAsync();
        var leased = (await Items.PollAsync("default", "q", "w1", 1, Lease, T0, Ct)).Single();
        var stored = (await Store.Runs.GetAsync(run.Id, Ct))!;
        var write = new RunWrite(stored, stored.Version, [], []) { Effects = [new IntegrationItemCancelled("a", 1)] };
        (await Store.Writer.WriteAsync([write], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Written]);
        (await Items.GetAsync("default", id, Ct))!.Status.ShouldBe("cancelled");
        (await Items.PollAsync("default", "q", "w1", 10, Lease, T0 + TimeSpan.FromHours(1), Ct)).ShouldBeEmpty();
        (await Items.FinishAsync("default", id, leased.LeaseToken, "completed", leased.Fields, leased.Fields, null, Signal(run), T0, Ct)).ShouldBeFalse();
        (await Items.HeartbeatAsync("default", id, leased.LeaseToken, T0 + Lease, Ct)).ShouldBeFalse();
    }
}
