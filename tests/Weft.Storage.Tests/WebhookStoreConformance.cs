using System.Text.Json.Nodes;
using Shouldly;
using Weft.Core.Dsl;
using Weft.Core.Engine;
using Weft.Core.Runs;
using Weft.Core.Storage;
using Weft.Core.Webhooks;
using Xunit;

namespace Weft.Storage.Tests;

/// <summary>Webhook subscriptions, the outbox rows checkpoints write, and the sender's claims, against SQLite and PostgreSQL.</summary>
public abstract class WebhookStoreConformance : StoreFixture
{
    private IWebhookStore Hooks => Store.Webhooks;

    private async Task<WebhookSubscription> SubscribeAsync(string[] events, string? definition = null, string ns = "default", bool active = true)
    {
        var s = new WebhookSubscription("wh_" + Guid.NewGuid().ToString("N"), ns, "https://example.com/h", events, definition, "protected-secret", active, T0, T0);
        await Hooks.CreateSubscriptionAsync(s, Ct);
        return s;
    }

    private static RunRecord NewRun(string definition = "d") => new()
    {
        Id = Guid.NewGuid().ToString(),
        Namespace = "default",
        DefinitionId = "def-1",
        DefinitionName = definition,
        DefinitionVersion = 1,
        Input = [],
        CreatedAt = T0,
        UpdatedAt = T0,
    };

    private async Task<RunRecord> StartAsync(string definition = "d")
    {
        var model = DefinitionParser.Parse($"name: {definition}\nsteps:\n  - id: a\n    kind: delay\n    duration: 1s\n", json: false);
        var run = NewRun(definition);
        (await Store.Writer.WriteAsync([WorkflowEngine.Create(run, model, T0, null)], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Written]);
        return run;
    }

    private async Task WriteAsync(RunRecord run, bool end)
    {
        run.UpdatedAt = T0.AddSeconds(5);
        if (end)
        {
            run.Status = RunStatus.Completed;
            run.Output = new JsonObject { ["ok"] = true };
            run.EndedAt = run.UpdatedAt;
        }
        else run.Status = RunStatus.Waiting;
        var write = new RunWrite(run, run.Version, [], [], null, ClearWork: end);
        (await Store.Writer.WriteAsync([write], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Written]);
    }

    [Fact]
    public async Task Subscription_CreateGetUpdateListDelete()
    {
        var s = await SubscribeAsync(["run.started", "run.failed"], "orders");
        var read = await Hooks.GetSubscriptionAsync("default", s.Id, Ct);
        read.ShouldNotBeNull();
        read.Events.ShouldBe(["run.started", "run.failed"]);
        read.Definition.ShouldBe("orders");
        read.ProtectedSecret.ShouldBe("protected-secret");
        (await Hooks.GetSubscriptionAsync("other", s.Id, Ct)).ShouldBeNull();

        (await Hooks.UpdateSubscriptionAsync(s with { Url = "https://example.org/x", Events = ["run.completed"], Definition = null, Active = false }, Ct)).ShouldBeTrue();
        read = await Hooks.GetSubscriptionAsync("default", s.Id, Ct);
        read!.Url.ShouldBe("https://example.org/x");
        read.Events.ShouldBe(["run.completed"]);
        read.Definition.ShouldBeNull();
        read.Active.ShouldBeFalse();
        (await Hooks.ListSubscriptionsAsync("default", Ct)).Select(x => x.Id).ShouldBe([s.Id]);

        (await Hooks.DeleteSubscriptionAsync("default", s.Id, Ct)).ShouldBeTrue();
        (await Hooks.DeleteSubscriptionAsync("default", s.Id, Ct)).ShouldBeFalse();
        (await Hooks.ListSubscriptionsAsync("default", Ct)).ShouldBeEmpty();
        (await Hooks.UpdateSubscriptionAsync(s, Ct)).ShouldBeFalse();
    }

    [Fact]
    public async Task RunStart_WritesDeliveryOnlyForMatchingSubscriptions()
    {
        var any = await SubscribeAsync(["run.started"]);
        var sameDefinition = await SubscribeAsync(["run.completed", "run.started"], "d");
        var otherDefinition = await SubscribeAsync(["run.started"], "other");
        var otherEvent = await SubscribeAsync(["run.completed"]);
        var inactive = await SubscribeAsync(["run.started"], active: false);
        var otherNamespace = await SubscribeAsync(["run.started"], ns: "elsewhere");
        var bell = Hooks.DeliveriesAdded.Next;

        var run = await StartAsync();

        bell.IsCompleted.ShouldBeTrue();
        foreach (var s in new[] { any, sameDefinition })
        {
            var delivery = (await Hooks.ListDeliveriesAsync("default", s.Id, null, 10, Ct)).ShouldHaveSingleItem();
            delivery.Event.ShouldBe("run.started");
            delivery.Status.ShouldBe(WebhookDelivery.Pending);
            delivery.Id.ShouldEndWith("_" + s.Id);
            var data = JsonNode.Parse(delivery.Data)!;
            data["id"]!.GetValue<string>().ShouldBe(run.Id);
            data["definition"]!.GetValue<string>().ShouldBe("d");
        }
        foreach (var s in new[] { otherDefinition, otherEvent, inactive })
            (await Hooks.ListDeliveriesAsync("default", s.Id, null, 10, Ct)).ShouldBeEmpty();
        (await Hooks.ListDeliveriesAsync("elsewhere", otherNamespace.Id, null, 10, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunEnd_WritesDelivery_IntermediateCheckpointNone()
    {
        var ended = await SubscribeAsync(["run.completed", "run.failed"], "d");
        var run = await StartAsync();
        await WriteAsync(run, end: false);
        (await Hooks.ListDeliveriesAsync("default", ended.Id, null, 10, Ct)).ShouldBeEmpty();

        var bell = Hooks.DeliveriesAdded.Next;
        await WriteAsync(run, end: true);
        bell.IsCompleted.ShouldBeTrue();
        var delivery = (await Hooks.ListDeliveriesAsync("default", ended.Id, null, 10, Ct)).ShouldHaveSingleItem();
        delivery.Event.ShouldBe("run.completed");
        var data = JsonNode.Parse(delivery.Data)!;
        data["status"]!.GetValue<string>().ShouldBe("completed");
        data["output"]!["ok"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task WritePreparedBeforeASubscription_IsWrittenWithItsDelivery()
    {
        // The group commit builds a write's statements ahead (IRunWriter.Prepare); a subscription created between
        // that and the commit must still get the event, as it would had the write been built at commit.
        var write = TestRuns.Created(T0);
        var run = write.Run;
        Store.Writer.Prepare(write, "node-a", Lease);
        var late = await SubscribeAsync(["run.started"]);

        (await Store.Writer.WriteAsync([write], "node-a", Lease, Ct)).ShouldBe([WriteOutcome.Written]);

        var delivery = (await Hooks.ListDeliveriesAsync("default", late.Id, null, 10, Ct)).ShouldHaveSingleItem();
        JsonNode.Parse(delivery.Data)!["id"]!.GetValue<string>().ShouldBe(run.Id);
    }

    [Fact]
    public async Task NoSubscription_NoRowAndNoBell()
    {
        var bell = Hooks.DeliveriesAdded.Next;
        var run = await StartAsync();
        await WriteAsync(run, end: true);
        bell.IsCompleted.ShouldBeFalse();
        (await Hooks.ClaimDeliveriesAsync("node-a", 10, Lease, T0.AddHours(1), Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task FreeStandingTask_WritesTaskCreatedForSubscriptionsWithoutDefinition()
    {
        var any = await SubscribeAsync(["task.created"]);
        var filtered = await SubscribeAsync(["task.created"], "d");
        var bell = Hooks.DeliveriesAdded.Next;
        var task = new Weft.Core.Tasks.TaskRecord { Id = Guid.NewGuid().ToString(), Namespace = "default", Title = "Sign", AssigneeUser = "ann", CreatedAt = T0 };
        await Store.Tasks.CreateAsync(task, [], Ct);

        bell.IsCompleted.ShouldBeTrue();
        var delivery = (await Hooks.ListDeliveriesAsync("default", any.Id, null, 10, Ct)).ShouldHaveSingleItem();
        delivery.Event.ShouldBe("task.created");
        var data = JsonNode.Parse(delivery.Data)!;
        data["id"]!.GetValue<string>().ShouldBe(task.Id);
        data["assigneeUser"]!.GetValue<string>().ShouldBe("ann");
        data["runId"].ShouldBeNull();
        (await Hooks.ListDeliveriesAsync("default", filtered.Id, null, 10, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Claim_LeasedToOneNode_TakenBackAfterTheLease()
    {
        var s = await SubscribeAsync(["run.started"]);
        await StartAsync();
        var mine = (await Hooks.ClaimDeliveriesAsync("node-a", 10, Lease, T0, Ct)).ShouldHaveSingleItem();
        (await Hooks.ClaimDeliveriesAsync("node-b", 10, Lease, T0.AddSeconds(29), Ct)).ShouldBeEmpty();

        // node-a died: after its lease node-b takes the delivery, and node-a can no longer record over it.
        var theirs = (await Hooks.ClaimDeliveriesAsync("node-b", 10, Lease, T0 + Lease, Ct)).ShouldHaveSingleItem();
        theirs.Id.ShouldBe(mine.Id);
        theirs.LeaseToken.ShouldBeGreaterThan(mine.LeaseToken);
        var at = T0 + Lease;
        (await Hooks.RecordAttemptAsync(mine, new(at, "node-a", 200, null, "ok", TimeSpan.FromMilliseconds(5), WebhookDelivery.Delivered, at), Ct)).ShouldBeFalse();
        (await Hooks.RecordAttemptAsync(theirs, new(at, "node-b", 503, "answered 503", "busy", TimeSpan.FromMilliseconds(7), WebhookDelivery.Pending, at.AddSeconds(5)), Ct)).ShouldBeTrue();

        var pending = await Hooks.GetDeliveryAsync("default", s.Id, mine.Id, Ct);
        pending!.Status.ShouldBe(WebhookDelivery.Pending);
        pending.Attempts.ShouldBe(1);
        pending.LastStatus.ShouldBe(503);
        pending.LastResponse.ShouldBe("busy");
        (await Hooks.ClaimDeliveriesAsync("node-b", 10, Lease, at.AddSeconds(4), Ct)).ShouldBeEmpty();
        var again = (await Hooks.ClaimDeliveriesAsync("node-b", 10, Lease, at.AddSeconds(5), Ct)).ShouldHaveSingleItem();
        (await Hooks.RecordAttemptAsync(again, new(at.AddSeconds(5), "node-b", 200, null, "ok", TimeSpan.FromMilliseconds(3), WebhookDelivery.Delivered, at.AddSeconds(5)), Ct)).ShouldBeTrue();

        var delivered = await Hooks.GetDeliveryAsync("default", s.Id, mine.Id, Ct);
        delivered!.Status.ShouldBe(WebhookDelivery.Delivered);
        delivered.DeliveredAt.ShouldBe(at.AddSeconds(5));
        var attempts = await Hooks.ListAttemptsAsync(mine.Id, Ct);
        attempts.Select(a => (a.Attempt, a.Status, a.Node)).ShouldBe([(1, (int?)503, "node-b"), (2, (int?)200, "node-b")]);
        (await Hooks.ClaimDeliveriesAsync("node-b", 10, Lease, at.AddHours(1), Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Claim_TwoNodesAtOnce_EachDeliveryToOneNode()
    {
        await SubscribeAsync(["run.started"]);
        for (var i = 0; i < 20; i++) await StartAsync();
        async Task<List<string>> DrainAsync(string node)
        {
            var mine = new List<string>();
            while (true)
            {
                var claimed = await Hooks.ClaimDeliveriesAsync(node, 3, Lease, T0, Ct);
                if (claimed.Count == 0) return mine;
                mine.AddRange(claimed.Select(d => d.Id));
            }
        }
        var results = await Task.WhenAll(Task.Run(() => DrainAsync("node-a"), Ct), Task.Run(() => DrainAsync("node-b"), Ct));
        var all = results.SelectMany(r => r).ToList();
        all.Count.ShouldBe(20);
        all.ShouldBeUnique();
    }

    [Fact]
    public async Task Redeliver_FailedOrDelivered_PendingAgain()
    {
        var s = await SubscribeAsync(["run.started"]);
        await StartAsync();
        var claimed = (await Hooks.ClaimDeliveriesAsync("node-a", 10, Lease, T0, Ct)).ShouldHaveSingleItem();
        (await Hooks.RedeliverAsync("default", s.Id, claimed.Id, T0, Ct)).ShouldBeFalse();
        (await Hooks.RecordAttemptAsync(claimed, new(T0, "node-a", null, "refused", null, TimeSpan.Zero, WebhookDelivery.Failed, T0), Ct)).ShouldBeTrue();
        (await Hooks.GetDeliveryAsync("default", s.Id, claimed.Id, Ct))!.Status.ShouldBe(WebhookDelivery.Failed);

        var later = T0.AddHours(2);
        (await Hooks.RedeliverAsync("default", s.Id, claimed.Id, later, Ct)).ShouldBeTrue();
        var again = (await Hooks.ClaimDeliveriesAsync("node-a", 10, Lease, later, Ct)).ShouldHaveSingleItem();
        again.Since.ShouldBe(later);
        again.Attempts.ShouldBe(1);
        (await Hooks.RedeliverAsync("default", s.Id, "whd_missing", later, Ct)).ShouldBeFalse();
    }

    [Fact]
    public async Task DeleteSubscription_DropsItsDeliveries()
    {
        var s = await SubscribeAsync(["run.started"]);
        await StartAsync();
        (await Hooks.DeleteSubscriptionAsync("default", s.Id, Ct)).ShouldBeTrue();
        (await Hooks.ClaimDeliveriesAsync("node-a", 10, Lease, T0, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ProtectionKeys_SavedAndLoaded()
    {
        await Hooks.SaveProtectionKeyAsync("key-1", "<key id=\"1\" />", T0, Ct);
        await Hooks.SaveProtectionKeyAsync("key-2", "<key id=\"2\" />", T0.AddDays(1), Ct);
        (await Hooks.LoadProtectionKeysAsync(Ct)).ShouldBe(["<key id=\"1\" />", "<key id=\"2\" />"]);
    }
}
