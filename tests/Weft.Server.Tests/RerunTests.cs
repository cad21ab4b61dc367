using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>Rerun over HTTP on the rerun sample: a new run from a chosen step with the state before it.</summary>
public sealed class RerunTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private HttpClient Client => fixture.Client;

    private async Task<string> FailedRunAsync()
    {
        await Client.DeployAsync(ServerProcess.Sample("rerun.yaml"));
        var id = await Client.StartAsync("rerun", new JsonObject { ["price"] = 100 });
        (await Client.WaitEndedAsync(id))["status"]!.GetValue<string>().ShouldBe("failed");
        return id;
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> RerunAsync(string id, JsonObject body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/namespaces/default/runs/{id}/rerun")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text));
    }

    [Fact]
    public async Task Rerun_FromScriptStepWithChangedVariable_StartsThereWithThePriorVariablesAndCompletes()
    {
        var original = await FailedRunAsync();
        var (status, body) = await RerunAsync(original, new JsonObject { ["fromStep"] = "gross", ["variables"] = new JsonObject { ["price"] = 50 } });
        status.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
        var id = body!["id"]!.GetValue<string>();
        id.ShouldNotBe(original);
        body["rerunOf"]!["runId"]!.GetValue<string>().ShouldBe(original);
        body["rerunOf"]!["step"]!.GetValue<string>().ShouldBe("gross");
        var run = await Client.WaitEndedAsync(id);
        run["status"]!.GetValue<string>().ShouldBe("completed", run.ToJsonString());
        // rate 0.5 came from the original's prepare step, which the rerun did not run again.
        run["output"]!["gross"]!.GetValue<double>().ShouldBe(75);
        run["steps"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).ShouldBe(["prepare", "gross", "check", "done"]);
        run["steps"]![0]!["status"]!.GetValue<string>().ShouldBe("completed");
    }

    [Fact]
    public async Task Rerun_FromStepAfterAScript_SeesTheScriptsVariablesAndOutputAndItsDeletions()
    {
        var original = await FailedRunAsync();
        var (status, body) = await RerunAsync(original, new JsonObject { ["fromStep"] = "check", ["variables"] = new JsonObject { ["gross"] = 90 } });
        status.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
        var run = await Client.WaitEndedAsync(body!["id"]!.GetValue<string>());
        run["status"]!.GetValue<string>().ShouldBe("completed", run.ToJsonString());
        run["output"]!["gross"]!.GetValue<double>().ShouldBe(90);
        run["output"]!["computed"]!.GetValue<double>().ShouldBe(150); // the original's gross step output
        var vars = run["variables"]!.AsObject();
        vars.ContainsKey("rate").ShouldBeFalse(); // the script deleted it before check
        vars["price"]!.GetValue<double>().ShouldBe(100);
    }

    [Fact]
    public async Task Rerun_IsLinkedBothWays_InHistoryGetAndListing()
    {
        var original = await FailedRunAsync();
        var (_, body) = await RerunAsync(original, new JsonObject { ["fromStep"] = "prepare" });
        var id = body!["id"]!.GetValue<string>();
        (await Client.WaitEndedAsync(id))["status"]!.GetValue<string>().ShouldBe("failed"); // same input, same end

        var (_, history) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs/{original}/history");
        var rerun = history!["events"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "RunRerun")!;
        rerun["data"]!["runId"]!.GetValue<string>().ShouldBe(id);
        rerun["step"]!.GetValue<string>().ShouldBe("prepare");

        (await Client.GetRunAsync(id))["rerunOf"]!["runId"]!.GetValue<string>().ShouldBe(original);
        var (_, list) = await Client.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/runs?definition=rerun&limit=500");
        var row = list!["items"]!.AsArray().Single(r => r!["id"]!.GetValue<string>() == id)!;
        row["rerunOf"]!["step"]!.GetValue<string>().ShouldBe("prepare");
    }

    [Fact]
    public async Task Rerun_SameIdempotencyKeyTwice_StartsOneRun()
    {
        var original = await FailedRunAsync();
        var (s1, first) = await RerunAsync(original, new JsonObject { ["fromStep"] = "gross" }, key: "k-1");
        var (s2, second) = await RerunAsync(original, new JsonObject { ["fromStep"] = "gross" }, key: "k-1");
        s1.ShouldBe(HttpStatusCode.Created);
        s2.ShouldBe(HttpStatusCode.Created);
        second!["id"]!.GetValue<string>().ShouldBe(first!["id"]!.GetValue<string>());
        var (_, history) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs/{original}/history");
        history!["events"]!.AsArray().Count(e => e!["type"]!.GetValue<string>() == "RunRerun").ShouldBe(1);
    }

    [Theory]
    [InlineData("nope", 404)]
    [InlineData("done", 409)]        // the original failed before it reached done
    [InlineData("gross[0]/x", 409)]  // inside a block
    [InlineData("", 400)]
    public async Task Rerun_BadFromStep_IsRefusedNamingTheField(string step, int expected)
    {
        var original = await FailedRunAsync();
        var (status, body) = await RerunAsync(original, new JsonObject { ["fromStep"] = step });
        ((int)status).ShouldBe(expected, body?.ToJsonString());
        body!["detail"]!.GetValue<string>().ShouldContain("fromStep");
        var (_, history) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs/{original}/history");
        history!["events"]!.AsArray().ShouldNotContain(e => e!["type"]!.GetValue<string>() == "RunRerun");
    }

    [Fact]
    public async Task Rerun_VariablesNotAnObject_Is400()
    {
        var original = await FailedRunAsync();
        var (status, body) = await RerunAsync(original, new JsonObject { ["fromStep"] = "gross", ["variables"] = 3 });
        status.ShouldBe(HttpStatusCode.BadRequest);
        body!["field"]!.GetValue<string>().ShouldBe("variables");
    }
}
