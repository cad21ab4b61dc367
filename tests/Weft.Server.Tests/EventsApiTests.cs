using System.Net;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>The event step and the events API over HTTP, with the <c>event-wait</c> sample.</summary>
public sealed class EventsApiTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private HttpClient Client => fixture.Client;

    private static string Order() => "order-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<string> StartOrderAsync(string orderId, string definition = "event-wait")
    {
        await Client.DeployAsync(ServerProcess.Sample("event-wait.yaml"));
        var id = await Client.StartAsync(definition, new JsonObject { ["orderId"] = orderId });
        (await Client.GetRunAsync(id))["status"]!.GetValue<string>().ShouldBe("waiting");
        return id;
    }

    private Task<(HttpStatusCode Status, JsonNode? Body)> SendEventAsync(string body, string ns = "default") =>
        Client.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/events", body);

    private static string Payment(string orderId, int amount) =>
        new JsonObject { ["name"] = "payment-received", ["correlation"] = orderId, ["payload"] = new JsonObject { ["amount"] = amount } }.ToJsonString();

    private async Task<int> CountAsync(string runId, string type)
    {
        var (_, history) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs/{runId}/history");
        return history!["events"]!.AsArray().Count(e => e!["type"]!.GetValue<string>() == type);
    }

    [Fact]
    public async Task Sample_PaymentArrives_RunShipsWithTheEvent()
    {
        var order = Order();
        var id = await StartOrderAsync(order);

        var (status, body) = await SendEventAsync(Payment(order, 42));

        status.ShouldBe(HttpStatusCode.Accepted);
        body!["matched"]!.GetValue<string>().ShouldBe(id);
        body["id"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        var run = await Client.WaitEndedAsync(id);
        run["status"]!.GetValue<string>().ShouldBe("completed");
        run["output"]!["status"]!.GetValue<string>().ShouldBe("shipped");
        run["output"]!["amount"]!.GetValue<int>().ShouldBe(42);
        var step = run["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "payment")!;
        step["output"]!["correlation"]!.GetValue<string>().ShouldBe(order);
        step["output"]!["name"]!.GetValue<string>().ShouldBe("payment-received");
        step["output"]!["receivedAt"].ShouldNotBeNull();
        (await CountAsync(id, "EventReceived")).ShouldBe(1);
    }

    [Fact]
    public async Task EarlyEvent_IsKeptAndConsumedByOneRunOnly()
    {
        await Client.DeployAsync(ServerProcess.Sample("event-wait.yaml"));
        var order = Order();
        var (status, body) = await SendEventAsync(Payment(order, 7));
        status.ShouldBe(HttpStatusCode.Accepted);
        body!.AsObject().ContainsKey("matched").ShouldBeTrue();
        body["matched"].ShouldBeNull();
        DateTimeOffset.Parse(body["keptUntil"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(50));

        var first = await Client.StartAsync("event-wait", new JsonObject { ["orderId"] = order });
        var second = await Client.StartAsync("event-wait", new JsonObject { ["orderId"] = order });

        var run = await Client.WaitEndedAsync(first);
        run["output"]!["amount"]!.GetValue<int>().ShouldBe(7);
        (await Client.GetRunAsync(second))["status"]!.GetValue<string>().ShouldBe("waiting");
        // The kept event was used once: the second run still waits, and the next event goes to it.
        var (_, next) = await SendEventAsync(Payment(order, 8));
        next!["matched"]!.GetValue<string>().ShouldBe(second);
        (await Client.WaitEndedAsync(second))["output"]!["amount"]!.GetValue<int>().ShouldBe(8);
        (await CountAsync(first, "EventReceived")).ShouldBe(1);
        (await CountAsync(second, "EventReceived")).ShouldBe(1);
    }

    [Fact]
    public async Task Timeout_WithOnTimeout_TakesTheTimeoutBranch()
    {
        await Client.DeployAsync(ServerProcess.Sample("event-wait.yaml").Replace("name: event-wait", "name: event-wait-short", StringComparison.Ordinal).Replace("timeout: 1h", "timeout: 1s", StringComparison.Ordinal));
        var order = Order();
        var id = await Client.StartAsync("event-wait-short", new JsonObject { ["orderId"] = order });

        var run = await Client.WaitEndedAsync(id);

        run["status"]!.GetValue<string>().ShouldBe("completed");
        run["output"]!["status"]!.GetValue<string>().ShouldBe("cancelled");
        run["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "payment")!["output"]!["timedOut"]!.GetValue<bool>().ShouldBeTrue();
        // The wait is gone with the timeout: a late event is kept, not delivered to the ended run.
        var (_, body) = await SendEventAsync(Payment(order, 1));
        body!["matched"].ShouldBeNull();
        (await CountAsync(id, "EventReceived")).ShouldBe(0);
    }

    [Fact]
    public async Task Timeout_WithoutOnTimeout_FailsTheRunWithAClearError()
    {
        await Client.DeployAsync("name: event-no-branch\nsteps:\n  - id: wait\n    kind: event\n    event: never\n    correlation: ${ input.k }\n    timeout: 1s\ninput:\n  k: string\n");
        var id = await Client.StartAsync("event-no-branch", new JsonObject { ["k"] = "x" });

        var run = await Client.WaitEndedAsync(id);

        run["status"]!.GetValue<string>().ShouldBe("failed");
        run["error"]!["message"]!.GetValue<string>().ShouldContain("no event 'never' arrived within");
    }

    [Fact]
    public async Task RunEvent_WakesThatRunWithItsCorrelation()
    {
        var order = Order();
        var id = await StartOrderAsync(order);

        var (status, body) = await Client.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/default/runs/{id}/events", """{"name":"payment-received","payload":{"amount":3}}""");

        status.ShouldBe(HttpStatusCode.Accepted);
        body!["run"]!.GetValue<string>().ShouldBe(id);
        body["correlation"]!.GetValue<string>().ShouldBe(order);
        var run = await Client.WaitEndedAsync(id);
        run["output"]!["amount"]!.GetValue<int>().ShouldBe(3);
        (await CountAsync(id, "EventReceived")).ShouldBe(1);
    }

    [Theory]
    [InlineData("""{"correlation":"c"}""", "name")]
    [InlineData("""{"name":"","correlation":"c"}""", "name")]
    [InlineData("""{"name":"n"}""", "correlation")]
    [InlineData("""{"name":"n","correlation":{"a":1}}""", "correlation")]
    [InlineData("""{"name":"n","correlation":"c","payload":[1,2]}""", "payload")]
    [InlineData("""{"name":"n","correlation":"c","payload":"text"}""", "payload")]
    public async Task SendEvent_BadBody_Is400NamingTheField(string body, string field)
    {
        var (status, problem) = await SendEventAsync(body);
        status.ShouldBe(HttpStatusCode.BadRequest);
        problem!["field"]!.GetValue<string>().ShouldBe(field);
    }

    [Fact]
    public async Task SendEvent_NotAnObjectOrTooBig_Is400Or413()
    {
        (await SendEventAsync("[1]")).Status.ShouldBe(HttpStatusCode.BadRequest);
        (await SendEventAsync("{\"name\":")).Status.ShouldBe(HttpStatusCode.BadRequest);
        var big = new JsonObject { ["name"] = "n", ["correlation"] = "c", ["payload"] = new JsonObject { ["blob"] = new string('x', 70_000) } }.ToJsonString();
        (await SendEventAsync(big)).Status.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task SendEvent_UnknownNamespace_Is404()
    {
        var (status, problem) = await SendEventAsync(Payment("x", 1), "no-such-namespace");
        status.ShouldBe(HttpStatusCode.NotFound);
        problem!["detail"]!.GetValue<string>().ShouldContain("no-such-namespace");
    }

    [Fact]
    public async Task RunEvent_UnknownRun_Is404()
    {
        var (status, _) = await Client.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/default/runs/{Guid.NewGuid()}/events", """{"name":"payment-received"}""");
        status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RunEvent_OtherName_Is409AndTheRunStillWaits()
    {
        var order = Order();
        var id = await StartOrderAsync(order);

        var (status, problem) = await Client.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/default/runs/{id}/events", """{"name":"shipped"}""");

        status.ShouldBe(HttpStatusCode.Conflict);
        problem!["detail"]!.GetValue<string>().ShouldContain("shipped");
        (await Client.GetRunAsync(id))["status"]!.GetValue<string>().ShouldBe("waiting");
        // Nothing was taken: the matching event still wakes it.
        (await SendEventAsync(Payment(order, 5))).Body!["matched"]!.GetValue<string>().ShouldBe(id);
        (await Client.WaitEndedAsync(id))["output"]!["amount"]!.GetValue<int>().ShouldBe(5);
    }

    [Fact]
    public async Task RunEvent_EndedRun_Is409AndNothingChanges()
    {
        var order = Order();
        var id = await StartOrderAsync(order);
        (await Client.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/default/runs/{id}/terminate", "{}")).Status.ShouldBe(HttpStatusCode.OK);
        var before = (await Client.GetRunAsync(id)).ToJsonString();

        var (status, _) = await Client.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/default/runs/{id}/events", """{"name":"payment-received"}""");

        status.ShouldBe(HttpStatusCode.Conflict);
        (await Client.GetRunAsync(id)).ToJsonString().ShouldBe(before);
        // The terminated run's wait is gone too: an event for its correlation wakes nobody.
        (await SendEventAsync(Payment(order, 1))).Body!["matched"].ShouldBeNull();
    }
}
