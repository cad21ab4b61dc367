using System.Text.Json.Nodes;
using Shouldly;
using Weft.Core.Dsl;
using Weft.Core.Engine;
using Weft.Core.Expressions;
using Weft.Core.Runs;
using Weft.Core.Storage;
using Weft.Core.Webhooks;
using Xunit;

namespace Weft.Storage.Tests;

/// <summary>
/// Many checkpoints written as one group (as the group committer writes them under load): each one's run, history and
/// webhook deliveries are stored as if it had been written alone, against SQLite and PostgreSQL (which merges the
/// group's row inserts into one statement per table).
/// </summary>
public abstract class CheckpointGroupConformance : StoreFixture
{
    private static readonly WorkflowEngine Engine = new(new ExpressionLimits());

    /// <summary>A run started as the run service starts one: in-process steps run at once, so <paramref name="wait"/> false ends it in the same write.</summary>
    private static RunWrite Start(int n, string ns, string definition, bool wait, string? businessKey = null, Dictionary<string, string>? tags = null)
    {
        var steps = wait
            ? "  - id: a\n    kind: delay\n    duration: 1h\n"
            : "  - id: a\n    kind: set\n    values:\n      doubled: ${ input.n * 2 }\n  - id: b\n    kind: script\n    code: \"return { total: vars.doubled + 1 };\"\n";
        var model = DefinitionParser.Parse($"name: {definition}\ninput:\n  n: {{ type: integer }}\nsteps:\n{steps}output:\n  n: ${{ input.n }}\n", json: false);
        var at = T0.AddMilliseconds(n);
        var run = new RunRecord
        {
            Id = Guid.CreateVersion7(at).ToString(),
            Namespace = ns,
            DefinitionId = "def-" + definition,
            DefinitionName = definition,
            DefinitionVersion = 1,
            Input = new JsonObject { ["n"] = n },
            CreatedAt = at,
            UpdatedAt = at,
            BusinessKey = businessKey,
            Tags = tags ?? [],
        };
        return Engine.Start(run, model, at, n % 2 == 0 ? "user:ann" : null);
    }

    private async Task<WebhookSubscription> SubscribeAsync(string ns, string[] events, string? definition)
    {
        var s = new WebhookSubscription("wh_" + Guid.NewGuid().ToString("N"), ns, "https://example.com/h", events, definition, "protected-secret", true, T0, T0);
        await Store.Webhooks.CreateSubscriptionAsync(s, Ct);
        return s;
    }

    private async Task<List<string>> DeliveredRunsAsync(string ns, WebhookSubscription s, string eventName) =>
        [.. (await Store.Webhooks.ListDeliveriesAsync(ns, s.Id, null, 500, Ct))
            .Where(d => d.Event == eventName)
            .Select(d => JsonNode.Parse(d.Data)!["id"]!.GetValue<string>())
            .Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Group_OfRunStarts_EachStoredWithItsHistoryAndItsDeliveries()
    {
        var startedD = await SubscribeAsync("default", ["run.started"], "d");
        var everythingOther = await SubscribeAsync("other", ["run.started", "run.completed"], null);
        var writes = Enumerable.Range(0, 40).Select(i => Start(
            i,
            ns: i % 3 == 0 ? "other" : "default",
            definition: i % 2 == 0 ? "d" : "e",
            wait: i % 4 == 1,
            businessKey: i % 5 == 0 ? $"key-{i}" : null,
            tags: i % 7 == 0 ? new Dictionary<string, string> { ["region"] = "eu", ["n"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) } : null)).ToList();
        var expected = writes.Select(w => (w.Run.Id, w.Run.Namespace, w.Run.DefinitionName, w.Run.Status, Output: w.Run.Output?.ToJsonString(), w.Run.BusinessKey, w.Run.Tags, w.Run.CreatedAt, w.Run.EndedAt, Events: w.Events.Select(e => (e.Seq, e.Type, e.Step, Data: e.Data?.ToJsonString())).ToList())).ToList();
        expected.Count(e => e.Status == RunStatus.Completed).ShouldBe(30);
        var bell = Store.Webhooks.DeliveriesAdded.Next;

        (await Store.Writer.WriteAsync(writes, "node-a", Lease, Ct)).ShouldAllBe(o => o == WriteOutcome.Written);

        foreach (var e in expected)
        {
            var run = (await Store.Runs.GetAsync(e.Id, Ct)).ShouldNotBeNull();
            run.Namespace.ShouldBe(e.Namespace);
            run.DefinitionName.ShouldBe(e.DefinitionName);
            run.Status.ShouldBe(e.Status);
            run.Output?.ToJsonString().ShouldBe(e.Output);
            run.BusinessKey.ShouldBe(e.BusinessKey);
            run.Tags.ShouldBe(e.Tags);
            run.CreatedAt.ShouldBe(e.CreatedAt);
            run.EndedAt.ShouldBe(e.EndedAt);
            run.Version.ShouldBe(1);
            var history = await Store.Runs.HistoryAsync(e.Id, Ct);
            history.Select(h => (h.Seq, h.Type, h.Step, Data: h.Data?.ToJsonString())).ShouldBe(e.Events);
        }
        bell.IsCompleted.ShouldBeTrue();
        (await DeliveredRunsAsync("default", startedD, "run.started")).ShouldBe(
            expected.Where(e => e.Namespace == "default" && e.DefinitionName == "d").Select(e => e.Id).Order(StringComparer.Ordinal));
        (await DeliveredRunsAsync("other", everythingOther, "run.started")).ShouldBe(
            expected.Where(e => e.Namespace == "other").Select(e => e.Id).Order(StringComparer.Ordinal));
        (await DeliveredRunsAsync("other", everythingOther, "run.completed")).ShouldBe(
            expected.Where(e => e.Namespace == "other" && e.Status == RunStatus.Completed).Select(e => e.Id).Order(StringComparer.Ordinal));
        // The waiting runs' work is stored and due: one advance each.
        var due = await Store.Work.ClaimAsync("node-b", 100, Lease, T0.AddHours(2), Ct);
        due.Select(w => w.RunId).Distinct().Order(StringComparer.Ordinal).ShouldBe(
            expected.Where(e => e.Status != RunStatus.Completed).Select(e => e.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Group_WithOneRunThatExists_OnlyThatOneRefused_OthersStoredWhole()
    {
        var first = Start(1, "default", "d", wait: false);
        (await Store.Writer.WriteAsync([first], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Written]);
        var again = first with { Run = first.Run.Snapshot() };
        var writes = new List<RunWrite> { Start(2, "default", "d", wait: false), again, Start(3, "default", "e", wait: true), Start(4, "default", "d", wait: false, businessKey: "k") };

        (await Store.Writer.WriteAsync(writes, "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Written, WriteOutcome.Conflict, WriteOutcome.Written, WriteOutcome.Written]);

        (await Store.Runs.HistoryAsync(first.Run.Id, Ct)).Count.ShouldBe(first.Events.Count);
        foreach (var w in writes.Where(w => w != again))
        {
            (await Store.Runs.GetAsync(w.Run.Id, Ct)).ShouldNotBeNull().Status.ShouldBe(w.Run.Status);
            (await Store.Runs.HistoryAsync(w.Run.Id, Ct)).Select(h => h.Seq).ShouldBe(w.Events.Select(e => e.Seq));
        }
    }

    [Fact]
    public async Task Group_OfCheckpoints_UpdatesAndEnds_WriteEndDeliveries()
    {
        var ended = await SubscribeAsync("default", ["run.completed", "run.failed"], null);
        var started = Enumerable.Range(0, 6).Select(i => Start(i, "default", "d", wait: true)).ToList();
        (await Store.Writer.WriteAsync(started, "node-a", Lease, Ct)).ShouldAllBe(o => o == WriteOutcome.Written);
        var next = new List<RunWrite>();
        foreach (var (w, i) in started.Select((w, i) => (w, i)))
        {
            var run = (await Store.Runs.GetAsync(w.Run.Id, Ct))!;
            run.UpdatedAt = T0.AddMinutes(1);
            run.Status = i % 3 == 0 ? RunStatus.Waiting : i % 3 == 1 ? RunStatus.Completed : RunStatus.Failed;
            if (run.Status != RunStatus.Waiting) run.EndedAt = run.UpdatedAt;
            if (run.Status == RunStatus.Failed) run.Error = new RunError("boom", "a");
            next.Add(new RunWrite(run, run.Version, [new HistoryEvent(run.State.NextSeq, run.UpdatedAt, "Checkpoint", "a", new JsonObject { ["i"] = i })], [], null, ClearWork: run.Status != RunStatus.Waiting));
        }

        (await Store.Writer.WriteAsync(next, "node-a", Lease, Ct)).ShouldAllBe(o => o == WriteOutcome.Written);

        (await DeliveredRunsAsync("default", ended, "run.completed")).ShouldBe(next.Where(w => w.Run.Status == RunStatus.Completed).Select(w => w.Run.Id).Order(StringComparer.Ordinal));
        (await DeliveredRunsAsync("default", ended, "run.failed")).ShouldBe(next.Where(w => w.Run.Status == RunStatus.Failed).Select(w => w.Run.Id).Order(StringComparer.Ordinal));
        foreach (var w in next)
        {
            (await Store.Runs.GetAsync(w.Run.Id, Ct))!.Status.ShouldBe(w.Run.Status);
            (await Store.Runs.HistoryAsync(w.Run.Id, Ct))[^1].Data!["i"]!.GetValue<int>().ShouldBe(w.Events[0].Data!["i"]!.GetValue<int>());
        }
    }
}
