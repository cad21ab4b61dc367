using System.Text.Json.Nodes;
using Shouldly;
using Weft.Core.Dsl;
using Weft.Core.Engine;
using Weft.Core.Runs;
using Weft.Core.Schedules;
using Xunit;

namespace Weft.Storage.Tests;

/// <summary>The schedule store's behaviour, written once and run against SQLite and PostgreSQL.</summary>
public abstract class ScheduleConformance : StoreFixture
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await Store.Definitions.SaveAsync("default", "report", "h1", "yaml", "src", null, T0, Ct);
    }

    private static StoredSchedule Schedule(string id = "s1", int version = 1, DateTimeOffset? next = null, bool enabled = true, string cron = "* * * * * *") =>
        new("default", "report", id, version, cron, "UTC", new JsonObject { ["region"] = "emea" }, MisfirePolicy.Skip, enabled, next ?? T0, null);

    /// <summary>A run of the schedule for one tick, with the tick's row, as the scheduler writes it.</summary>
    private static RunWrite TickRun(StoredSchedule schedule, DateTimeOffset tick)
    {
        var model = DefinitionParser.Parse("name: report\nsteps:\n  - id: a\n    kind: delay\n    duration: 1s\n", json: false);
        var run = new RunRecord
        {
            Id = Guid.NewGuid().ToString(),
            Namespace = "default",
            DefinitionId = "def-1",
            DefinitionName = "report",
            DefinitionVersion = schedule.DefinitionVersion,
            Input = schedule.Input.DeepClone().AsObject(),
            CreatedAt = tick,
            UpdatedAt = tick,
        };
        var write = WorkflowEngine.Create(run, model, tick, schedule.Initiator);
        return write with { Effects = [new ScheduleTick(schedule, tick, tick.AddSeconds(1))] };
    }

    [Fact]
    public async Task Replace_NewerVersionReplaces_SameOrOlderVersionChangesNothing()
    {
        (await Store.Schedules.ReplaceAsync("default", "report", 1, [Schedule("a"), Schedule("b")], Ct)).ShouldBeTrue();
        (await Store.Schedules.ReplaceAsync("default", "report", 1, [Schedule("c")], Ct)).ShouldBeFalse();
        (await Store.Schedules.ListAsync("default", Ct)).Select(s => s.Id).ShouldBe(["a", "b"]);
        (await Store.Schedules.ReplaceAsync("default", "report", 2, [Schedule("c", version: 2, cron: "0 9 * * *")], Ct)).ShouldBeTrue();
        var list = await Store.Schedules.ListAsync("default", Ct);
        list.Select(s => (s.Id, s.DefinitionVersion, s.Cron)).ShouldBe([("c", 2, "0 9 * * *")]);
        list[0].Input["region"]!.GetValue<string>().ShouldBe("emea");
        (await Store.Schedules.ReplaceAsync("default", "report", 3, [], Ct)).ShouldBeTrue();
        (await Store.Schedules.ListAsync("default", Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ClaimDue_TwoClaimersAtOnce_OnlyOneGetsTheSchedule()
    {
        await Store.Schedules.ReplaceAsync("default", "report", 1, [Schedule()], Ct);
        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Store.Schedules.ClaimDueAsync("node-" + i, T0, T0 + Lease, 10, Ct)));
        claims.Sum(c => c.Count).ShouldBe(1);
        // Held: not due for anyone else until the lease lapses, and not counted as the next thing to wake for.
        (await Store.Schedules.ClaimDueAsync("node-x", T0.AddSeconds(5), T0.AddSeconds(35), 10, Ct)).ShouldBeEmpty();
        (await Store.Schedules.NextDueAsync(T0.AddSeconds(5), Ct)).ShouldBeNull();
        (await Store.Schedules.ClaimDueAsync("node-x", T0 + Lease, T0 + Lease + Lease, 10, Ct)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task TickWrite_TwoClaimersForEachTick_StartExactlyOneRunPerTick()
    {
        var schedule = Schedule();
        await Store.Schedules.ReplaceAsync("default", "report", 1, [schedule], Ct);
        var started = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var tick = T0.AddSeconds(i);
            // Both nodes believe they hold the tick (a lease that lapsed mid-way) and write its run at the same moment.
            var outcomes = await Task.WhenAll(
                Store.Writer.WriteAsync([TickRun(schedule, tick)], "node-a", Lease, Ct),
                Store.Writer.WriteAsync([TickRun(schedule, tick)], "node-b", Lease, Ct));
            outcomes.Select(o => o.Single()).Count(o => o == WriteOutcome.Written).ShouldBe(1);
        }
        var ticks = await Store.Schedules.TicksAsync("default", "report", "s1", Ct);
        ticks.Select(t => t.Tick).ShouldBe(Enumerable.Range(0, 5).Select(i => T0.AddSeconds(i)));
        var runs = await Store.Runs.ListAsync(new Weft.Core.Storage.RunQuery("default"), Ct);
        runs.Runs.Select(r => r.Id).Order().ShouldBe(ticks.Select(t => t.RunId).Order());
        var stored = (await Store.Schedules.ListAsync("default", Ct)).Single();
        (stored.LastTick, stored.NextAt).ShouldBe((T0.AddSeconds(4), T0.AddSeconds(5)));
    }

    [Fact]
    public async Task TickWrite_DuplicateTickInABatch_OnlyThatRunIsRefused()
    {
        var schedule = Schedule();
        await Store.Schedules.ReplaceAsync("default", "report", 1, [schedule], Ct);
        await Store.Writer.WriteAsync([TickRun(schedule, T0)], "node-a", Lease, Ct);
        var dup = TickRun(schedule, T0);
        var next = TickRun(schedule, T0.AddSeconds(1));
        (await Store.Writer.WriteAsync([dup, next], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Conflict, WriteOutcome.Written]);
        (await Store.Runs.GetAsync(dup.Run.Id, Ct)).ShouldBeNull();
        (await Store.Runs.HistoryAsync(dup.Run.Id, Ct)).ShouldBeEmpty();
        (await Store.Schedules.TicksAsync("default", "report", "s1", Ct)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Advance_MovesTheNextTickAndGivesUpTheLease()
    {
        await Store.Schedules.ReplaceAsync("default", "report", 1, [Schedule()], Ct);
        var claimed = (await Store.Schedules.ClaimDueAsync("node-a", T0, T0 + Lease, 10, Ct)).Single();
        await Store.Schedules.AdvanceAsync(claimed, T0.AddMinutes(1), "node-a", Ct);
        (await Store.Schedules.NextDueAsync(T0, Ct)).ShouldBe(T0.AddMinutes(1));
        (await Store.Schedules.ClaimDueAsync("node-b", T0.AddSeconds(59), T0 + Lease, 10, Ct)).ShouldBeEmpty();
        (await Store.Schedules.ClaimDueAsync("node-b", T0.AddMinutes(1), T0 + Lease, 10, Ct)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task SetEnabled_PausedIsNeverClaimed_SecondPauseIsRefused()
    {
        await Store.Schedules.ReplaceAsync("default", "report", 1, [Schedule()], Ct);
        (await Store.Schedules.SetEnabledAsync("default", "report", "s1", false, null, Ct)).ShouldBeTrue();
        (await Store.Schedules.SetEnabledAsync("default", "report", "s1", false, null, Ct)).ShouldBeFalse();
        (await Store.Schedules.ClaimDueAsync("node-a", T0.AddDays(1), T0.AddDays(2), 10, Ct)).ShouldBeEmpty();
        (await Store.Schedules.SetEnabledAsync("default", "report", "s1", true, T0.AddDays(3), Ct)).ShouldBeTrue();
        var s = (await Store.Schedules.GetAsync("default", "report", "s1", Ct)).ShouldNotBeNull();
        (s.Enabled, s.NextAt).ShouldBe((true, T0.AddDays(3)));
        (await Store.Schedules.GetAsync("default", "report", "nope", Ct)).ShouldBeNull();
    }
}
