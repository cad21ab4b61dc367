using System.Text.Json.Nodes;
using Shouldly;
using Weft.Core.Dsl;
using Weft.Core.Engine;
using Weft.Core.Events;
using Weft.Core.Runs;
using Xunit;

namespace Weft.Storage.Tests;

/// <summary>Event waits and kept events, written once and run against SQLite and PostgreSQL.</summary>
public abstract class EventStoreConformance : StoreFixture
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary>A stored run, its first work row already handled (so only signals show up in claims).</summary>
    private async Task<RunRecord> NewRunAsync()
    {
        var model = DefinitionParser.Parse("name: d\nsteps:\n  - id: wait\n    kind: event\n    event: paid\n    correlation: x\n", json: false);
        var run = TestRuns.New(T0);
        var created = WorkflowEngine.Create(run, model, T0, null);
        (await Store.Writer.WriteAsync([created with { Work = [] }], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Written]);
        return run;
    }

    private async Task<string> WaitAsync(RunRecord run, string correlation, DateTimeOffset at, string name = "paid", int attempt = 1)
    {
        var wait = new EventWait(Guid.CreateVersion7(at).ToString(), "default", name, correlation, run.Id, "wait", attempt, Guid.CreateVersion7(at).ToString(), at);
        run.Status = RunStatus.Waiting;
        (await Store.Writer.WriteAsync([new RunWrite(run, run.Version, [], []) { Effects = [wait] }], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Written]);
        return wait.SignalId;
    }

    private Task<PublishedEvent> PublishAsync(string correlation, DateTimeOffset at, TimeSpan retention, string payload = "{\"amount\":5}") =>
        Store.Events.PublishAsync(new IncomingEvent(Guid.CreateVersion7(at).ToString(), "default", "paid", correlation, JsonNode.Parse(payload), at), retention, Ct);

    private Task<IReadOnlyList<WorkItem>> SignalsAsync(DateTimeOffset at) =>
        Store.Work.ClaimAsync("node-b", 100, Lease, at, Ct);

    [Fact]
    public async Task WaitThenEvent_WakesTheWaitOnce()
    {
        var run = await NewRunAsync();
        await WaitAsync(run, "order-1", T0);
        var published = await PublishAsync("order-1", T0 + TimeSpan.FromSeconds(1), Hour);
        published.MatchedRun.ShouldBe(run.Id);
        published.KeptUntil.ShouldBeNull();
        var signal = (await SignalsAsync(T0 + TimeSpan.FromSeconds(1))).ShouldHaveSingleItem();
        (signal.Kind, signal.RunId, signal.Step, signal.Attempt).ShouldBe((WorkKind.Signal, run.Id, "wait", 1));
        signal.Payload!["correlation"]!.GetValue<string>().ShouldBe("order-1");
        signal.Payload!["payload"]!["amount"]!.GetValue<int>().ShouldBe(5);
        signal.Payload!["id"]!.GetValue<string>().ShouldBe(published.Id);
        // The wait is gone: the next event finds nobody and is kept.
        (await PublishAsync("order-1", T0 + TimeSpan.FromSeconds(2), Hour)).MatchedRun.ShouldBeNull();
    }

    [Fact]
    public async Task EventThenWait_KeptEventIsConsumedByOneWaitOnly()
    {
        var published = await PublishAsync("order-2", T0, Hour);
        published.MatchedRun.ShouldBeNull();
        published.KeptUntil.ShouldBe(T0 + Hour);
        var first = await NewRunAsync();
        var second = await NewRunAsync();
        var signalId = await WaitAsync(first, "order-2", T0 + TimeSpan.FromMinutes(1));
        await WaitAsync(second, "order-2", T0 + TimeSpan.FromMinutes(2));
        var signal = (await SignalsAsync(T0 + TimeSpan.FromMinutes(2))).ShouldHaveSingleItem();
        (signal.Id, signal.RunId, signal.Kind).ShouldBe((signalId, first.Id, WorkKind.Signal));
        signal.Payload!["id"]!.GetValue<string>().ShouldBe(published.Id);
        // The first wait was consumed with the event; the second still waits and takes the next event.
        (await PublishAsync("order-2", T0 + TimeSpan.FromMinutes(3), Hour)).MatchedRun.ShouldBe(second.Id);
    }

    [Fact]
    public async Task KeptEvent_AfterItsRetention_IsNotConsumed()
    {
        (await PublishAsync("order-3", T0, TimeSpan.FromSeconds(10))).KeptUntil.ShouldBe(T0 + TimeSpan.FromSeconds(10));
        var run = await NewRunAsync();
        await WaitAsync(run, "order-3", T0 + TimeSpan.FromSeconds(11));
        (await SignalsAsync(T0 + TimeSpan.FromSeconds(11))).ShouldBeEmpty();
        // The run still waits: a fresh event wakes it.
        (await PublishAsync("order-3", T0 + TimeSpan.FromSeconds(12), Hour)).MatchedRun.ShouldBe(run.Id);
    }

    [Fact]
    public async Task RetentionZero_EventIsNotKept()
    {
        var published = await PublishAsync("order-4", T0, TimeSpan.Zero);
        (published.MatchedRun, published.KeptUntil).ShouldBe((null, null));
        var run = await NewRunAsync();
        await WaitAsync(run, "order-4", T0 + TimeSpan.FromSeconds(1));
        (await SignalsAsync(T0 + TimeSpan.FromSeconds(1))).ShouldBeEmpty();
    }

    [Fact]
    public async Task TwoEventsOneWait_SecondIsKept()
    {
        var run = await NewRunAsync();
        await WaitAsync(run, "order-5", T0);
        var a = await PublishAsync("order-5", T0 + TimeSpan.FromSeconds(1), Hour);
        var b = await PublishAsync("order-5", T0 + TimeSpan.FromSeconds(2), Hour);
        a.MatchedRun.ShouldBe(run.Id);
        b.MatchedRun.ShouldBeNull();
        b.KeptUntil.ShouldBe(T0 + TimeSpan.FromSeconds(2) + Hour);
        (await SignalsAsync(T0 + TimeSpan.FromSeconds(2))).ShouldHaveSingleItem().Payload!["id"]!.GetValue<string>().ShouldBe(a.Id);
    }

    [Fact]
    public async Task TwoWaits_EventWakesTheOldest()
    {
        var older = await NewRunAsync();
        var newer = await NewRunAsync();
        await WaitAsync(newer, "order-6", T0 + TimeSpan.FromSeconds(2));
        await WaitAsync(older, "order-6", T0 + TimeSpan.FromSeconds(1));
        (await PublishAsync("order-6", T0 + TimeSpan.FromSeconds(3), Hour)).MatchedRun.ShouldBe(older.Id);
        (await PublishAsync("order-6", T0 + TimeSpan.FromSeconds(4), Hour)).MatchedRun.ShouldBe(newer.Id);
    }

    [Fact]
    public async Task Event_OtherCorrelationOrName_DoesNotMatch()
    {
        var run = await NewRunAsync();
        await WaitAsync(run, "order-7", T0);
        (await PublishAsync("order-8", T0, Hour)).MatchedRun.ShouldBeNull();
        (await Store.Events.PublishAsync(new IncomingEvent("e-x", "default", "shipped", "order-7", null, T0), Hour, Ct)).MatchedRun.ShouldBeNull();
        (await SignalsAsync(T0)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunEnded_DeletesItsWaits()
    {
        var run = await NewRunAsync();
        await WaitAsync(run, "order-9", T0);
        run.Status = RunStatus.Terminated;
        run.State.HoldsOutside = true; // the engine marked it when the wait was opened
        await Store.Writer.WriteAsync([new RunWrite(run, run.Version, [], [], null, ClearWork: true)], "node-a", Lease, Ct);
        (await PublishAsync("order-9", T0, Hour)).MatchedRun.ShouldBeNull();
        (await SignalsAsync(T0)).ShouldBeEmpty();
    }

    [Fact]
    public async Task WaitClosed_EventNoLongerMatches()
    {
        var run = await NewRunAsync();
        await WaitAsync(run, "order-10", T0);
        await Store.Writer.WriteAsync([new RunWrite(run, run.Version, [], []) { Effects = [new EventWaitClosed(run.Id, "wait", 1)] }], "node-a", Lease, Ct);
        (await PublishAsync("order-10", T0, Hour)).MatchedRun.ShouldBeNull();
    }

    [Fact]
    public async Task SendToRun_WakesOnlyAWaitOfThatName()
    {
        var run = await NewRunAsync();
        await WaitAsync(run, "order-11", T0);
        (await Store.Events.SendToRunAsync(run.Id, "shipped", new JsonObject { ["id"] = "e1" }, T0, Ct)).ShouldBeFalse();
        (await SignalsAsync(T0)).ShouldBeEmpty();
        var signal = new JsonObject { ["id"] = "e2", ["name"] = "paid" };
        (await Store.Events.SendToRunAsync(run.Id, "paid", signal, T0, Ct)).ShouldBeTrue();
        var row = (await SignalsAsync(T0)).ShouldHaveSingleItem();
        (row.RunId, row.Step, row.Attempt).ShouldBe((run.Id, "wait", 1));
        row.Payload!["correlation"]!.GetValue<string>().ShouldBe("order-11");
        (await Store.Events.SendToRunAsync(run.Id, "paid", new JsonObject { ["id"] = "e3" }, T0, Ct)).ShouldBeFalse();
    }

    [Fact]
    public async Task ConcurrentWaitsAndEvents_EachEventWakesExactlyOneRun()
    {
        const int n = 20;
        var runs = new List<RunRecord>();
        for (var i = 0; i < n; i++) runs.Add(await NewRunAsync());
        // Waits and events for the same key race; every event must end up either matched or kept and consumed.
        var waits = runs.Select((r, i) => Task.Run(() => WaitAsync(r, "race", T0 + TimeSpan.FromMilliseconds(i)), Ct)).ToList();
        var events = Enumerable.Range(0, n).Select(i => Task.Run(() => PublishAsync("race", T0 + TimeSpan.FromMilliseconds(i), Hour), Ct)).ToList();
        await Task.WhenAll(waits);
        var published = await Task.WhenAll(events);
        var signals = await SignalsAsync(T0 + TimeSpan.FromSeconds(1));
        signals.Select(s => s.RunId).Distinct().Count().ShouldBe(n);
        signals.Select(s => s.Payload!["id"]!.GetValue<string>()).Distinct().Count().ShouldBe(n);
        published.Count(p => p.MatchedRun is not null).ShouldBeLessThanOrEqualTo(n);
    }
}
