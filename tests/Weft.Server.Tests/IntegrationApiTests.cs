using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>The integration step over HTTP: a real server, and a worker written here that polls its queue.</summary>
public sealed class IntegrationApiTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private HttpClient Client => fixture.Client;

    /// <summary>A definition with one integration step on its own queue, so tests sharing the server do not meet.</summary>
    private async Task<(string Name, string Queue)> DeployAsync(string extra = "")
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var name = "work-" + suffix;
        var queue = "q-" + suffix;
        await Client.DeployAsync($$"""
            name: {{name}}
            input:
              n: { type: integer, required: true }
            steps:
              - id: job
                kind: integration
                queue: {{queue}}
                fields:
                  - { key: n, type: integer, value: "${ input.n }" }
                  - { key: answer, type: integer, output: true, required: true }
                  - { key: note, type: string, output: true }
            {{extra}}
            """);
        return (name, queue);
    }

    [Fact]
    public async Task CreditCheck_Sample_WorkerReadsFieldsAndCompletes_RunGoesOn()
    {
        await Client.DeployAsync(ServerProcess.Sample("integration.yaml"));
        var id = await Client.StartAsync("integration", new() { ["customer"] = "Ada", ["amount"] = 1200.50 });
        (await Client.GetRunAsync(id))["status"]!.GetValue<string>().ShouldBe("waiting");

        var item = await Client.PollOneAsync("credit-check", "bureau-1");
        item["runId"]!.GetValue<string>().ShouldBe(id);
        item["step"]!.GetValue<string>().ShouldBe("check");
        item.Field("customer")!.GetValue<string>().ShouldBe("Ada");
        item.Field("amount")!.GetValue<decimal>().ShouldBe(1200.50m);
        item.Field("score").ShouldBeNull();
        var customer = item["fields"]!.AsArray().Single(f => f!["key"]!.GetValue<string>() == "customer")!;
        (customer["type"]!.GetValue<string>(), customer["readonly"]!.GetValue<bool>(), customer["label"]!.GetValue<string>()).ShouldBe(("string", true, "Customer"));

        var (fs, updated) = await Client.ItemAsync(item.Id(), "fields", new() { ["leaseToken"] = item.Token(), ["fields"] = new JsonObject { ["score"] = 720 } });
        fs.ShouldBe(HttpStatusCode.OK, updated?.ToJsonString());
        (await Client.GetItemAsync(item.Id())).Field("score")!.GetValue<int>().ShouldBe(720);

        var (cs, completed) = await Client.ItemAsync(item.Id(), "complete", new()
        {
            ["leaseToken"] = item.Token(),
            ["fields"] = new JsonObject { ["note"] = "clean record" },
            ["result"] = new JsonObject { ["bureau"] = "acme" },
        });
        cs.ShouldBe(HttpStatusCode.OK, completed?.ToJsonString());
        completed!["status"]!.GetValue<string>().ShouldBe("completed");

        var run = await Client.WaitEndedAsync(id);
        run["status"]!.GetValue<string>().ShouldBe("completed", run.ToJsonString());
        run["output"]!.ToJsonString().ShouldBe("""{"approved":true,"score":720,"worker":"bureau-1","result":{"bureau":"acme"}}""");
        var step = run["steps"]!.AsArray().First(s => s!["id"]!.GetValue<string>() == "check")!;
        step["output"]!["fields"]!["note"]!.GetValue<string>().ShouldBe("clean record");
        step["output"]!["fields"]!["customer"]!.GetValue<string>().ShouldBe("Ada");

        var (_, history) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs/{id}/history");
        var types = history!["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()).ToList();
        types.ShouldContain("IntegrationItemCreated");
        types.Count(t => t == "IntegrationItemCompleted").ShouldBe(1);

        // Done is done: a second completion under the same lease is refused.
        (await Client.ItemAsync(item.Id(), "complete", new() { ["leaseToken"] = item.Token() })).Status.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task LongPoll_ItemCreatedWhileWaiting_IsReturnedAtOnce_EmptyQueueAnswersEmptyAfterWait()
    {
        var (name, queue) = await DeployAsync();
        var watch = Stopwatch.StartNew();
        (await Client.PollAsync(queue, "w", waitSeconds: 1)).ShouldBeEmpty();
        watch.Elapsed.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(900));

        var poll = Client.PollAsync(queue, "w", waitSeconds: 20);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        poll.IsCompleted.ShouldBeFalse();
        watch.Restart();
        var id = await Client.StartAsync(name, new() { ["n"] = 1 });
        var items = await poll;
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        items.ShouldHaveSingleItem()!["runId"]!.GetValue<string>().ShouldBe(id);
    }

    [Fact]
    public async Task LeaseExpired_ItemGoesToAnotherWorker_FirstWorkersCompletionIs409()
    {
        var (name, queue) = await DeployAsync();
        var id = await Client.StartAsync(name, new() { ["n"] = 2 });
        var first = await Client.PollOneAsync(queue, "slow", leaseSeconds: 3);
        (await Client.PollAsync(queue, "fast")).ShouldBeEmpty();
        var second = await Client.PollOneAsync(queue, "fast", leaseSeconds: 60);
        second.Id().ShouldBe(first.Id());
        second.Token().ShouldBeGreaterThan(first.Token());

        var (s1, p1) = await Client.ItemAsync(first.Id(), "complete", new() { ["leaseToken"] = first.Token(), ["fields"] = new JsonObject { ["answer"] = 1 } });
        s1.ShouldBe(HttpStatusCode.Conflict);
        p1!["detail"]!.GetValue<string>().ShouldContain("another worker");
        (await Client.ItemAsync(first.Id(), "heartbeat", new() { ["leaseToken"] = first.Token() })).Status.ShouldBe(HttpStatusCode.Conflict);

        var (s2, _) = await Client.ItemAsync(second.Id(), "complete", new() { ["leaseToken"] = second.Token(), ["fields"] = new JsonObject { ["answer"] = 2 } });
        s2.ShouldBe(HttpStatusCode.OK);
        var run = await Client.WaitEndedAsync(id);
        run["status"]!.GetValue<string>().ShouldBe("completed");
        run["steps"]![0]!["output"]!["fields"]!["answer"]!.GetValue<int>().ShouldBe(2);
        run["steps"]![0]!["output"]!["worker"]!.GetValue<string>().ShouldBe("fast");
        (await Client.GetItemAsync(first.Id()))["deliveries"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task Heartbeat_ExtendsLease_ItemIsNotHandedToAnotherWorker()
    {
        var (name, queue) = await DeployAsync();
        await Client.StartAsync(name, new() { ["n"] = 3 });
        var item = await Client.PollOneAsync(queue, "w1", leaseSeconds: 2);
        var before = item["leaseUntil"]!.GetValue<DateTimeOffset>();
        var (hs, beat) = await Client.ItemAsync(item.Id(), "heartbeat", new() { ["leaseToken"] = item.Token(), ["leaseSeconds"] = 60 });
        hs.ShouldBe(HttpStatusCode.OK);
        beat!["leaseUntil"]!.GetValue<DateTimeOffset>().ShouldBeGreaterThan(before.AddSeconds(50));
        await Task.Delay(2500, TestContext.Current.CancellationToken);
        (await Client.PollAsync(queue, "w2")).ShouldBeEmpty();
        (await Client.ItemAsync(item.Id(), "complete", new() { ["leaseToken"] = item.Token(), ["fields"] = new JsonObject { ["answer"] = 3 } })).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task BadInput_EachIsClear4xx_AndChangesNothing()
    {
        var (name, queue) = await DeployAsync();
        var id = await Client.StartAsync(name, new() { ["n"] = 4 });
        var item = await Client.PollOneAsync(queue, "w1");
        var token = item.Token();

        async Task Expect(HttpStatusCode status, string action, JsonObject body, string? field)
        {
            var (s, p) = await Client.ItemAsync(item.Id(), action, body);
            s.ShouldBe(status, p?.ToJsonString());
            if (field is not null) p!["field"]!.GetValue<string>().ShouldBe(field);
        }

        await Expect(HttpStatusCode.UnprocessableEntity, "fields", new() { ["leaseToken"] = token, ["fields"] = new JsonObject { ["answer"] = "forty-two" } }, "fields.answer");
        await Expect(HttpStatusCode.UnprocessableEntity, "fields", new() { ["leaseToken"] = token, ["fields"] = new JsonObject { ["answer"] = 1.5 } }, "fields.answer");
        await Expect(HttpStatusCode.UnprocessableEntity, "fields", new() { ["leaseToken"] = token, ["fields"] = new JsonObject { ["nope"] = 1 } }, "fields.nope");
        await Expect(HttpStatusCode.UnprocessableEntity, "fields", new() { ["leaseToken"] = token, ["fields"] = new JsonObject { ["n"] = 9 } }, "fields.n");
        // A good value beside a bad one is not written either.
        await Expect(HttpStatusCode.UnprocessableEntity, "fields", new() { ["leaseToken"] = token, ["fields"] = new JsonObject { ["note"] = "x", ["answer"] = true } }, "fields.answer");
        await Expect(HttpStatusCode.UnprocessableEntity, "complete", new() { ["leaseToken"] = token }, "fields.answer");
        await Expect(HttpStatusCode.BadRequest, "complete", new() { ["fields"] = new JsonObject { ["answer"] = 1 } }, "leaseToken");
        await Expect(HttpStatusCode.BadRequest, "heartbeat", new() { ["leaseToken"] = "abc" }, "leaseToken");
        await Expect(HttpStatusCode.BadRequest, "heartbeat", new() { ["leaseToken"] = token, ["leaseSeconds"] = 0 }, "leaseSeconds");
        await Expect(HttpStatusCode.Conflict, "complete", new() { ["leaseToken"] = token + 5, ["fields"] = new JsonObject { ["answer"] = 1 } }, null);
        await Expect(HttpStatusCode.BadRequest, "fail", new() { ["leaseToken"] = token }, "error");

        var stored = await Client.GetItemAsync(item.Id());
        stored["status"]!.GetValue<string>().ShouldBe("leased");
        stored.Field("answer").ShouldBeNull();
        stored.Field("note").ShouldBeNull();
        stored.Field("n")!.GetValue<int>().ShouldBe(4);
        (await Client.GetRunAsync(id))["status"]!.GetValue<string>().ShouldBe("waiting");

        async Task ExpectPoll(HttpStatusCode status, string path, string body, string? field)
        {
            var (s, p) = await Client.SendAsync(HttpMethod.Post, path, body);
            s.ShouldBe(status, p?.ToJsonString());
            if (field is not null) p!["field"]!.GetValue<string>().ShouldBe(field);
        }

        var poll = $"/api/v1/namespaces/default/queues/{queue}/poll";
        await ExpectPoll(HttpStatusCode.BadRequest, poll, """{ "max": 1 }""", "workerId");
        await ExpectPoll(HttpStatusCode.BadRequest, poll, """{ "workerId": "w", "max": 101 }""", "max");
        await ExpectPoll(HttpStatusCode.BadRequest, poll, """{ "workerId": "w", "leaseSeconds": -1 }""", "leaseSeconds");
        await ExpectPoll(HttpStatusCode.BadRequest, poll, """{ "workerId": "w", "leaseSeconds": "long" }""", "leaseSeconds");
        await ExpectPoll(HttpStatusCode.BadRequest, poll, """{ "workerId": "w", "waitSeconds": 31 }""", "waitSeconds");
        await ExpectPoll(HttpStatusCode.BadRequest, poll, "[1]", null);
        await ExpectPoll(HttpStatusCode.NotFound, $"/api/v1/namespaces/nope/queues/{queue}/poll", """{ "workerId": "w" }""", null);
        (await Client.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/integration-items/no-such")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/nope/integration-items/{item.Id()}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await Client.ItemAsync("no-such", "complete", new() { ["leaseToken"] = 1 })).Status.ShouldBe(HttpStatusCode.NotFound);
        (await Client.GetItemAsync(item.Id()))["leaseToken"]!.GetValue<long>().ShouldBe(token);
    }

    [Fact]
    public async Task Fail_Retryable_MakesNewItemAtNextAttempt_ThenCompletes()
    {
        var (name, queue) = await DeployAsync("    retry: { attempts: 2, backoff: fixed, delay: 1s }");
        var id = await Client.StartAsync(name, new() { ["n"] = 5 });
        var first = await Client.PollOneAsync(queue, "w1");
        first["attempt"]!.GetValue<int>().ShouldBe(1);
        var (fs, failed) = await Client.ItemAsync(first.Id(), "fail", new() { ["leaseToken"] = first.Token(), ["error"] = "bureau offline" });
        fs.ShouldBe(HttpStatusCode.OK);
        failed!["status"]!.GetValue<string>().ShouldBe("failed");

        var second = await Client.PollOneAsync(queue, "w2");
        second.Id().ShouldNotBe(first.Id());
        second["attempt"]!.GetValue<int>().ShouldBe(2);
        second.Field("n")!.GetValue<int>().ShouldBe(5);
        (await Client.ItemAsync(second.Id(), "complete", new() { ["leaseToken"] = second.Token(), ["fields"] = new JsonObject { ["answer"] = 10 } })).Status.ShouldBe(HttpStatusCode.OK);
        var run = await Client.WaitEndedAsync(id);
        run["status"]!.GetValue<string>().ShouldBe("completed");
        run["steps"]![0]!["attempts"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task Fail_NotRetryable_FailsTheRunWithTheWorkersError()
    {
        var (name, queue) = await DeployAsync("    retry: { attempts: 3, delay: 1s }");
        var id = await Client.StartAsync(name, new() { ["n"] = 6 });
        var item = await Client.PollOneAsync(queue, "w1");
        (await Client.ItemAsync(item.Id(), "fail", new() { ["leaseToken"] = item.Token(), ["error"] = "customer unknown", ["retryable"] = false })).Status.ShouldBe(HttpStatusCode.OK);
        var run = await Client.WaitEndedAsync(id);
        run["status"]!.GetValue<string>().ShouldBe("failed");
        run["error"]!["message"]!.GetValue<string>().ShouldBe("customer unknown");
        (await Client.PollAsync(queue, "w1")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Timeout_NoWorkerCompletes_StepFails_ItemCancelled()
    {
        var (name, queue) = await DeployAsync("    timeout: 2s");
        var id = await Client.StartAsync(name, new() { ["n"] = 7 });
        var run = await Client.WaitEndedAsync(id);
        run["status"]!.GetValue<string>().ShouldBe("failed");
        run["error"]!["message"]!.GetValue<string>().ShouldContain("no worker completed the step within 2s");
        var (_, history) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs/{id}/history");
        var itemId = history!["events"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "IntegrationItemCreated")!["data"]!["itemId"]!.GetValue<string>();
        (await Client.GetItemAsync(itemId))["status"]!.GetValue<string>().ShouldBe("cancelled");
        (await Client.PollAsync(queue, "w1")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Terminate_WaitingRun_CancelsItsItem()
    {
        var (name, queue) = await DeployAsync();
        var id = await Client.StartAsync(name, new() { ["n"] = 8 });
        var item = await Client.PollOneAsync(queue, "w1");
        (await Client.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/default/runs/{id}/terminate", "{}")).Status.ShouldBe(HttpStatusCode.OK);
        (await Client.GetItemAsync(item.Id()))["status"]!.GetValue<string>().ShouldBe("cancelled");
        (await Client.ItemAsync(item.Id(), "complete", new() { ["leaseToken"] = item.Token(), ["fields"] = new JsonObject { ["answer"] = 1 } })).Status.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheQueueRoutes()
    {
        var (status, doc) = await Client.SendAsync(HttpMethod.Get, "/openapi/v1.json");
        status.ShouldBe(HttpStatusCode.OK);
        var paths = doc!["paths"]!.AsObject().Select(p => p.Key).ToList();
        paths.ShouldContain("/api/v1/namespaces/{ns}/queues/{queue}/poll");
        paths.ShouldContain("/api/v1/namespaces/{ns}/integration-items/{id}");
        foreach (var action in new[] { "heartbeat", "fields", "complete", "fail" })
            paths.ShouldContain($"/api/v1/namespaces/{{ns}}/integration-items/{{id}}/{action}");
    }
}
