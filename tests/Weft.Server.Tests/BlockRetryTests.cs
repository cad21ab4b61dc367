using System.Net;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>Retry of a run that failed inside a parallel branch or a forEach iteration, on the block-retry sample.</summary>
public sealed class BlockRetryTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private HttpClient Client => fixture.Client;

    private string Url => fixture.Endpoint.Address + "block";

    private async Task<JsonArray> HistoryAsync(string id)
    {
        var (_, body) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs/{id}/history");
        return body!["events"]!.AsArray();
    }

    private static int Started(JsonArray history, string key) =>
        history.Count(e => e!["type"]!.GetValue<string>() == "StepStarted" && e["step"]?.GetValue<string>() == key);

    private async Task<JsonNode> RetryAsync(string id)
    {
        var (status, body) = await Client.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/default/runs/{id}/retry");
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        return await Client.WaitEndedAsync(id);
    }

    [Fact]
    public async Task Retry_FailedInParallelBranch_RerunsThatStepKeepsTheOtherBranchAndCompletes()
    {
        await Client.DeployAsync(ServerProcess.Sample("block-retry.yaml"));
        var url = fixture.Endpoint.Address + "fan-fail";
        fixture.Endpoint.FailPaths["/fan-fail"] = true;
        var id = await Client.StartAsync("block-retry", new JsonObject { ["url"] = url });
        var failed = await Client.WaitEndedAsync(id);
        failed["status"]!.GetValue<string>().ShouldBe("failed");
        failed["error"]!["step"]!.GetValue<string>().ShouldBe("fan");
        fixture.Endpoint.FailPaths.TryRemove("/fan-fail", out _);

        var ended = await RetryAsync(id);
        ended["status"]!.GetValue<string>().ShouldBe("completed", ended.ToJsonString());
        ended["output"]!["fan"]!["remote"]!.GetValue<int>().ShouldBe(200);
        ended["output"]!["fan"]!["quick"]!["quick"]!.GetValue<bool>().ShouldBeTrue();
        var history = await HistoryAsync(id);
        Started(history, "fan[quick]/note").ShouldBe(1); // the branch that completed was kept
        Started(history, "fan[remote]/call").ShouldBe(2);
        Started(history, "fan").ShouldBe(1);             // the parallel step was not run again as a whole
        var call = ended["steps"]!.AsArray().Single(s => s!["key"]!.GetValue<string>() == "fan[remote]/call")!;
        call["attempts"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task Retry_FailedInForEachIteration_RerunsThatIterationOnlyAndCompletes()
    {
        await Client.DeployAsync(ServerProcess.Sample("block-retry.yaml"));
        fixture.Endpoint.FailPaths["/loop-fail"] = true;
        var id = await Client.StartAsync("block-retry", new JsonObject { ["url"] = Url, ["loopUrl"] = fixture.Endpoint.Address + "loop-fail" });
        var failed = await Client.WaitEndedAsync(id);
        failed["status"]!.GetValue<string>().ShouldBe("failed");
        failed["error"]!["step"]!.GetValue<string>().ShouldBe("loop");
        fixture.Endpoint.FailPaths.TryRemove("/loop-fail", out _);

        var ended = await RetryAsync(id);
        ended["status"]!.GetValue<string>().ShouldBe("completed", ended.ToJsonString());
        ended["output"]!["loop"]!.ToJsonString().ShouldBe("[10,200,30]");
        var history = await HistoryAsync(id);
        Started(history, "loop[0]/local").ShouldBe(1); // the iteration that completed was kept
        Started(history, "loop[1]/fetch").ShouldBe(2);
        Started(history, "loop[2]/local").ShouldBe(1);
        Started(history, "fan[remote]/call").ShouldBe(1);
        history.Count(e => e!["type"]!.GetValue<string>() == "ScopeReopened").ShouldBe(1);
    }
}
