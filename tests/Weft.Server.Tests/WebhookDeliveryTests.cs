using System.Net;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Weft.Tests.Shared;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>Webhooks end to end over HTTP: a real server on SQLite, a real receiver on 127.0.0.1.</summary>
public sealed class WebhookDeliveryTests
{
    private static readonly string[] AllEvents =
        ["run.started", "run.completed", "run.failed", "run.terminated", "run.timedOut", "task.created", "integration.created"];

    [Fact]
    public async Task EveryEventKind_DeliveredOnceWithValidSignature()
    {
        using var dir = new TempDirectory();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await ServerProcess.StartAsync(dir.Path, WebhookApi.FastRetries(StoreSettings.Sqlite(dir.Path, "hooks.db")));
        var client = server.Client;
        await client.DeployAsync(ServerProcess.Sample("webhook-events.yaml"));
        await client.DeployAsync(ServerProcess.Sample("webhook-timeout.yaml"));
        var (all, allSecret) = await client.SubscribeAsync(receiver.Address, AllEvents);
        var (filtered, filteredSecret) = await client.SubscribeAsync(receiver.Address, ["run.started", "run.timedOut"], definition: "webhook-timeout");

        var completed = await client.StartAsync("webhook-events", new() { ["mode"] = "complete" });
        var failed = await client.StartAsync("webhook-events", new() { ["mode"] = "fail" });
        var terminated = await client.StartAsync("webhook-events", new() { ["mode"] = "wait" });
        var task = await client.StartAsync("webhook-events", new() { ["mode"] = "task" });
        var item = await client.StartAsync("webhook-events", new() { ["mode"] = "item" });
        var timedOut = await client.StartAsync("webhook-timeout", []);
        (await client.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/default/runs/{terminated}/terminate")).Status.ShouldBe(HttpStatusCode.OK);
        (await client.WaitEndedAsync(timedOut))["status"]!.GetValue<string>().ShouldBe("timedOut");
        var (freeCreated, freeTask) = await client.SendAsAsync("carl", HttpMethod.Post, "/api/v1/namespaces/default/tasks", """{ "title": "Sign the contract", "assignee": { "user": "ann" } }""");
        freeCreated.ShouldBe(HttpStatusCode.Created, freeTask?.ToJsonString());
        var free = "task:" + freeTask!["id"]!.GetValue<string>();

        var expected = new List<(string Webhook, string Event, string Run)>
        {
            (all, "run.started", completed), (all, "run.completed", completed),
            (all, "run.started", failed), (all, "run.failed", failed),
            (all, "run.started", terminated), (all, "run.terminated", terminated),
            (all, "run.started", task), (all, "task.created", task),
            (all, "run.started", item), (all, "integration.created", item),
            (all, "run.started", timedOut), (all, "run.timedOut", timedOut),
            (all, "task.created", free),
            (filtered, "run.started", timedOut), (filtered, "run.timedOut", timedOut),
        };
        await receiver.WaitUntilAsync(r => r.Delivered.Count >= expected.Count, TimeSpan.FromSeconds(30), "every event delivered");
        await client.WaitDeliveriesAsync(all, 13, "delivered", TimeSpan.FromSeconds(10));
        await client.WaitDeliveriesAsync(filtered, 2, "delivered", TimeSpan.FromSeconds(10));

        var hooks = receiver.Received.ToList();
        hooks.Select(h => h.DeliveryId).ShouldBeUnique();
        var seen = new List<(string Webhook, string Event, string Run)>();
        foreach (var hook in hooks)
        {
            var webhook = hook.DeliveryId.EndsWith("_" + all, StringComparison.Ordinal) ? all : filtered;
            hook.SignedWith(webhook == all ? allSecret : filteredSecret).ShouldBeTrue($"signature of {hook.DeliveryId}");
            long.Parse(hook.Timestamp, System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            var body = hook.Json;
            body["id"]!.GetValue<string>().ShouldBe(hook.DeliveryId);
            body["event"]!.GetValue<string>().ShouldBe(hook.Event);
            body["namespace"]!.GetValue<string>().ShouldBe("default");
            var run = hook.Event switch
            {
                "task.created" => body["task"]!["runId"]?.GetValue<string>() ?? "task:" + body["task"]!["id"]!.GetValue<string>(),
                "integration.created" => body["item"]!["runId"]!.GetValue<string>(),
                _ => body["run"]!["id"]!.GetValue<string>(),
            };
            seen.Add((webhook, hook.Event, run));
        }
        seen.OrderBy(s => s.ToString(), StringComparer.Ordinal).ShouldBe(expected.OrderBy(s => s.ToString(), StringComparer.Ordinal));

        var completedBody = hooks.Single(h => h.Event == "run.completed").Json["run"]!;
        completedBody["status"]!.GetValue<string>().ShouldBe("completed");
        completedBody["definition"]!.GetValue<string>().ShouldBe("webhook-events");
        completedBody["output"]!["mode"]!.GetValue<string>().ShouldBe("complete");
        hooks.Single(h => h.Event == "run.failed").Json["run"]!["error"]!["message"]!.GetValue<string>().ShouldContain("refused on purpose");
        hooks.Where(h => h.Event == "task.created").Select(h => h.Json["task"]!["title"]!.GetValue<string>()).ShouldBe(["Review the order", "Sign the contract"], ignoreOrder: true);
        hooks.Single(h => h.Event == "integration.created").Json["item"]!["queue"]!.GetValue<string>().ShouldBe("webhook-check");

        var one = await client.DeliveryAsync(all, hooks.First(h => h.Event == "run.completed").DeliveryId);
        one["attempts"]!.GetValue<int>().ShouldBe(1);
        one["last"]!["status"]!.GetValue<int>().ShouldBe(200);
        one["attemptList"]!.AsArray().Single()!["response"]!.GetValue<string>().ShouldBe("{\"ok\":true}");
    }

    [Fact]
    public async Task ReceiverDownThenFailingThenUp_EveryDeliveryArrives()
    {
        using var dir = new TempDirectory();
        var port = ServerProcess.FreePort();
        var address = new Uri($"http://127.0.0.1:{port}/hooks");
        await using var server = await ServerProcess.StartAsync(dir.Path, WebhookApi.FastRetries(StoreSettings.Sqlite(dir.Path, "hooks.db")));
        var client = server.Client;
        await client.DeployAsync(ServerProcess.Sample("webhook-events.yaml"));
        var (webhook, secret) = await client.SubscribeAsync(address, ["run.started", "run.completed"]);
        var runs = new List<string>();
        for (var i = 0; i < 10; i++) runs.Add(await client.StartAsync("webhook-events", new() { ["mode"] = "complete" }));

        // Nobody listens: every delivery is tried and refused at connect.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonArray list;
        do
        {
            list = await client.DeliveriesAsync(webhook);
            if (DateTime.UtcNow > deadline) throw new TimeoutException(list.ToJsonString());
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        while (list.Count < 20 || list.Any(d => d!["attempts"]!.GetValue<int>() < 1));
        list.ShouldAllBe(d => d!["status"]!.GetValue<string>() == "pending" && d["last"]!["error"] != null);

        // Up, but answering 503 for a while; then 200.
        await using var receiver = await WebhookReceiver.StartAsync(port);
        receiver.Status = 503;
        await receiver.WaitUntilAsync(r => r.Received.Count >= 5, TimeSpan.FromSeconds(30), "attempts answered 503");
        receiver.Status = 200;
        await receiver.WaitUntilAsync(r => r.Delivered.Count == 20, TimeSpan.FromSeconds(60), "every delivery after the receiver is up");
        list = await client.WaitDeliveriesAsync(webhook, 20, "delivered", TimeSpan.FromSeconds(10));

        receiver.Received.ShouldAllBe(h => h.SignedWith(secret));
        var retried = list.First(d => receiver.Received.Any(h => h.DeliveryId == d!["id"]!.GetValue<string>() && h.AnsweredWith == 503))!;
        var attempts = (await client.DeliveryAsync(webhook, retried["id"]!.GetValue<string>()))["attemptList"]!.AsArray();
        attempts.Count.ShouldBeGreaterThanOrEqualTo(3);
        attempts[0]!["status"].ShouldBeNull();
        attempts[0]!["error"]!.GetValue<string>().ShouldNotBeEmpty();
        attempts.ShouldContain(a => a!["status"] != null && a["status"]!.GetValue<int>() == 503);
        attempts[^1]!["status"]!.GetValue<int>().ShouldBe(200);
        receiver.Delivered.Count.ShouldBe(20);
    }

    [Fact]
    public async Task FailedDelivery_RedeliveredByHand()
    {
        using var dir = new TempDirectory();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = 500;
        var settings = WebhookApi.FastRetries(StoreSettings.Sqlite(dir.Path, "hooks.db"));
        settings["Weft__Webhooks__GiveUpAfter"] = "00:00:01";
        await using var server = await ServerProcess.StartAsync(dir.Path, settings);
        var client = server.Client;
        await client.DeployAsync(ServerProcess.Sample("webhook-events.yaml"));
        var (webhook, secret) = await client.SubscribeAsync(receiver.Address, ["run.completed"]);
        await client.StartAsync("webhook-events", new() { ["mode"] = "complete" });

        var failed = (await client.WaitDeliveriesAsync(webhook, 1, "failed", TimeSpan.FromSeconds(30)))[0]!;
        failed["last"]!["status"]!.GetValue<int>().ShouldBe(500);
        failed["last"]!["response"]!.GetValue<string>().ShouldBe("busy, try later");
        var id = failed["id"]!.GetValue<string>();

        receiver.Status = 200;
        var (status, answer) = await client.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/default/webhooks/{webhook}/deliveries/{id}/redeliver");
        status.ShouldBe(HttpStatusCode.Accepted, answer?.ToJsonString());
        answer!["status"]!.GetValue<string>().ShouldBe("pending");
        await client.WaitDeliveriesAsync(webhook, 1, "delivered", TimeSpan.FromSeconds(30));
        receiver.Delivered.ShouldBe(new[] { id });
        receiver.Received.ShouldAllBe(h => h.DeliveryId == id && h.SignedWith(secret));
        receiver.Received.Select(h => h.Body).Distinct().Count().ShouldBe(1);

        (await client.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/default/webhooks/{webhook}/deliveries/whd_nope/redeliver")).Status.ShouldBe(HttpStatusCode.NotFound);
    }
}
