using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>The parallel, forEach, while and saga samples, deployed and run over HTTP against a real server.</summary>
public sealed class ContainerSamplesTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private HttpClient Client => fixture.Client;

    private static void ShouldBeJson(JsonNode? actual, string expected) =>
        JsonNode.DeepEquals(actual, JsonNode.Parse(expected)).ShouldBeTrue($"got {actual?.ToJsonString()}");

    [Fact]
    public async Task ParallelSample_BothBranchesRun_OutputCombinesThem()
    {
        await Client.DeployAsync(ServerProcess.Sample("parallel.yaml"));
        var url = new Uri(fixture.Endpoint.Address, "stock").ToString();

        var id = await Client.StartAsync("parallel", new() { ["orderId"] = "o-1", ["amount"] = 250, ["stockUrl"] = url });
        var run = await Client.WaitEndedAsync(id);

        run["status"]!.GetValue<string>().ShouldBe("completed", run.ToJsonString());
        run["output"]!["accepted"]!.GetValue<bool>().ShouldBeTrue();
        run["output"]!["stock"].ShouldNotBeNull();
        var steps = run["steps"]!.AsArray();
        steps.Select(s => s!["key"]!.GetValue<string>()).ShouldBe(["checks", "checks[stock]/askStock", "checks[credit]/pause", "checks[credit]/score", "decide", "accept"], ignoreOrder: true);
        run["scopes"]!.AsArray().Select(s => s!["status"]!.GetValue<string>()).ShouldAllBe(s => s == "completed");
    }

    [Fact]
    public async Task ForEachSample_PricesEveryLineInOrder()
    {
        await Client.DeployAsync(ServerProcess.Sample("foreach.yaml"));

        var id = await Client.StartAsync("foreach", new()
        {
            ["lines"] = JsonNode.Parse("""[{"sku":"a","qty":2,"price":5,"wait":1},{"sku":"b","qty":1,"price":7},{"sku":"c","qty":3,"price":1}]"""),
        });
        var run = await Client.WaitEndedAsync(id);

        run["status"]!.GetValue<string>().ShouldBe("completed", run.ToJsonString());
        ShouldBeJson(run["output"], """{"lines":[{"sku":"a","position":0,"total":10},{"sku":"b","position":1,"total":7},{"sku":"c","position":2,"total":3}],"total":20}""");
        run["scopes"]!.AsArray().Count.ShouldBe(3);
    }

    [Fact]
    public async Task WhileSample_PollsUntilDone()
    {
        await Client.DeployAsync(ServerProcess.Sample("while.yaml"));

        var id = await Client.StartAsync("while", new() { ["readyAfter"] = 2 });
        var run = await Client.WaitEndedAsync(id);

        run["status"]!.GetValue<string>().ShouldBe("completed", run.ToJsonString());
        ShouldBeJson(run["output"], """{"polls":2,"iterations":2}""");
    }

    [Fact]
    public async Task SagaSample_PaymentFails_CompensatesInReverseOrder()
    {
        await Client.DeployAsync(ServerProcess.Sample("saga.yaml"));

        var ok = await Client.WaitEndedAsync(await Client.StartAsync("saga", new()));
        ok["status"]!.GetValue<string>().ShouldBe("completed", ok.ToJsonString());
        ShouldBeJson(ok["output"], """{"log":["flight booked","hotel booked"]}""");
        ok["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "loyalty")!["status"]!.GetValue<string>().ShouldBe("failed");

        var failed = await Client.WaitEndedAsync(await Client.StartAsync("saga", new() { ["failPayment"] = true }));
        failed["status"]!.GetValue<string>().ShouldBe("failed");
        failed["error"]!["message"]!.GetValue<string>().ShouldBe("payment declined");
        ShouldBeJson(failed["variables"]!["log"], """["flight booked","hotel booked","hotel cancelled","flight cancelled"]""");
    }

    [Fact]
    public async Task Deploy_ParallelBranchJumpingOut_Is422WithTheStepAndField()
    {
        var (status, problem) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/definitions", """
            name: bad-jump
            steps:
              - id: fan
                kind: parallel
                branches:
                  a: [ { id: a1, kind: set, values: { x: 1 }, next: out } ]
              - id: out
                kind: set
                values: { y: 1 }
            """, "application/yaml");

        ((int)status).ShouldBe(422, problem?.ToJsonString());
        problem!.ToJsonString().ShouldContain("a1");
        problem.ToJsonString().ShouldContain("another block");
    }
}
