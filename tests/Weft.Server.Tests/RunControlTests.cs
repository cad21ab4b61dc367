using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>Pause, resume, retry, resume-with-errors and terminate over HTTP, on the control sample.</summary>
public sealed class RunControlTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private const string Refused = "http://127.0.0.1:1/refused";

    private HttpClient Client => fixture.Client;

    private string Url => fixture.Endpoint.Address + "control";

    private async Task DeployAsync() => await Client.DeployAsync(ServerProcess.Sample("control.yaml"));

    private async Task<(HttpStatusCode Status, JsonNode? Body)> ActAsync(string id, string action, string? key = null, string? user = null, string? reason = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/namespaces/default/runs/{id}/{action}");
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        if (user is not null) request.Options.Set(TokenHandler.ActAs, user);
        if (reason is not null) request.Content = new StringContent(new JsonObject { ["reason"] = reason }.ToJsonString(), Encoding.UTF8, "application/json");
        // A rerun starts again at the control sample's first step.
        if (action == "rerun") request.Content = new StringContent("""{"fromStep":"sleep"}""", Encoding.UTF8, "application/json");
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text));
    }

    private async Task<JsonArray> HistoryAsync(string id)
    {
        var (status, body) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs/{id}/history");
        status.ShouldBe(HttpStatusCode.OK);
        return body!["events"]!.AsArray();
    }

    private static JsonNode Step(JsonNode run, string id) => run["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == id)!;

    private static string Status(JsonNode run) => run["status"]!.GetValue<string>();

    private async Task<JsonNode> WaitStatusAsync(string id, string status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var run = await Client.GetRunAsync(id);
            if (Status(run) == status) return run;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"run {id} is {Status(run)}, not {status}: {run.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    /// <summary>A run of the control sample brought to the given status.</summary>
    private async Task<string> RunInAsync(string status)
    {
        switch (status)
        {
            case "waiting":
            {
                var id = await Client.StartAsync("control", new JsonObject { ["url"] = Url, ["wait"] = 3600 });
                await WaitStatusAsync(id, "waiting");
                return id;
            }
            case "paused":
            {
                var id = await RunInAsync("waiting");
                (await ActAsync(id, "pause")).Status.ShouldBe(HttpStatusCode.OK);
                return id;
            }
            case "terminated":
            {
                var id = await RunInAsync("waiting");
                (await ActAsync(id, "terminate")).Status.ShouldBe(HttpStatusCode.OK);
                return id;
            }
            case "completed":
            {
                var id = await Client.StartAsync("control", new JsonObject { ["url"] = Url });
                Status(await Client.WaitEndedAsync(id)).ShouldBe("completed");
                return id;
            }
            case "failed":
            {
                var id = await Client.StartAsync("control", new JsonObject { ["url"] = Refused });
                Status(await Client.WaitEndedAsync(id)).ShouldBe("failed");
                return id;
            }
            case "timedOut":
            {
                // The control sample with a one-second run timeout, stopped in its hour-long delay.
                await Client.DeployAsync(ServerProcess.Sample("control.yaml")
                    .Replace("name: control", "name: control-timeout", StringComparison.Ordinal) + "\ntimeout: { after: 1s, policy: fail }\n");
                var id = await Client.StartAsync("control-timeout", new JsonObject { ["url"] = Url, ["wait"] = 3600 });
                Status(await Client.WaitEndedAsync(id)).ShouldBe("timedOut");
                return id;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(status));
        }
    }

    public static TheoryData<string, string, int, string?> Table => new()
    {
        // action, status the run is in, expected HTTP status, the run's status in the answer
        { "pause", "waiting", 200, "paused" },
        { "pause", "paused", 409, null },
        { "pause", "completed", 409, null },
        { "pause", "failed", 409, null },
        { "pause", "terminated", 409, null },
        { "resume", "waiting", 409, null },
        { "resume", "paused", 200, "waiting" },
        { "resume", "completed", 409, null },
        { "resume", "failed", 409, null },
        { "resume", "terminated", 409, null },
        { "retry", "waiting", 409, null },
        { "retry", "paused", 409, null },
        { "retry", "completed", 409, null },
        { "retry", "failed", 200, "failed" },
        { "retry", "terminated", 409, null },
        { "resume-with-errors", "waiting", 409, null },
        { "resume-with-errors", "paused", 409, null },
        { "resume-with-errors", "completed", 409, null },
        { "resume-with-errors", "failed", 200, "completed" },
        { "resume-with-errors", "terminated", 409, null },
        { "terminate", "waiting", 200, "terminated" },
        { "terminate", "paused", 200, "terminated" },
        { "terminate", "completed", 409, null },
        { "terminate", "failed", 409, null },
        { "terminate", "terminated", 409, null },
        // timedOut: retry gives the run a fresh timeout window and it waits in its delay again.
        { "pause", "timedOut", 409, null },
        { "resume", "timedOut", 409, null },
        { "retry", "timedOut", 200, "waiting" },
        { "resume-with-errors", "timedOut", 409, null },
        { "terminate", "timedOut", 409, null },
        // rerun answers 201 with a new run in every status; the original keeps its status.
        { "rerun", "waiting", 201, null },
        { "rerun", "paused", 201, null },
        { "rerun", "completed", 201, null },
        { "rerun", "failed", 201, null },
        { "rerun", "terminated", 201, null },
        { "rerun", "timedOut", 201, null },
        // queued is not in the table: a run is stored with its first advance in the same write (see
        // WorkflowEngine.Start), so no caller can observe it queued.
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task ControlAction_InEachStatus_AnswersAsTheTableSays(string action, string status, int expected, string? after)
    {
        await DeployAsync();
        var id = await RunInAsync(status);
        var (code, body) = await ActAsync(id, action, user: "olga");
        ((int)code).ShouldBe(expected, body?.ToJsonString());
        if (action == "rerun")
        {
            body!["rerunOf"]!["runId"]!.GetValue<string>().ShouldBe(id);
            body["id"]!.GetValue<string>().ShouldNotBe(id);
            Status(await Client.GetRunAsync(id)).ShouldBe(status);
        }
        else if (expected == 409)
        {
            body!["status"]!.GetValue<int>().ShouldBe(409);
            Status(await Client.GetRunAsync(id)).ShouldBe(status);
        }
        else if (after is "completed" or "failed" or "terminated")
        {
            // The action may answer while the run still works (a retried call in flight): its end is what counts.
            Status(await Client.WaitEndedAsync(id)).ShouldBe(after);
        }
        else
        {
            Status(body!).ShouldBe(after!);
        }
    }

    [Theory]
    [InlineData("pause")]
    [InlineData("resume")]
    [InlineData("retry")]
    [InlineData("resume-with-errors")]
    public async Task ControlAction_OnUnknownRun_Is404(string action)
    {
        var (code, body) = await ActAsync("no-such-run", action);
        code.ShouldBe(HttpStatusCode.NotFound, body?.ToJsonString());
    }

    [Fact]
    public async Task Timer_FallingDueWhilePaused_FiresAfterResume()
    {
        await DeployAsync();
        var id = await Client.StartAsync("control", new JsonObject { ["url"] = Url, ["wait"] = 1 });
        var (code, paused) = await ActAsync(id, "pause", user: "alice", reason: "maintenance");
        code.ShouldBe(HttpStatusCode.OK);
        Status(paused!).ShouldBe("paused");

        await Task.Delay(2500, TestContext.Current.CancellationToken);
        var run = await Client.GetRunAsync(id);
        Status(run).ShouldBe("paused");
        Step(run, "sleep")["status"]!.GetValue<string>().ShouldBe("waiting");
        run["steps"]!.AsArray().ShouldNotContain(s => s!["id"]!.GetValue<string>() == "call");

        (await ActAsync(id, "resume", user: "bob")).Status.ShouldBe(HttpStatusCode.OK);
        var ended = await Client.WaitEndedAsync(id);
        Status(ended).ShouldBe("completed");
        ended["output"]!["httpStatus"]!.GetValue<int>().ShouldBe(200);

        var history = await HistoryAsync(id);
        var pausedEvent = history.Single(e => e!["type"]!.GetValue<string>() == "RunPaused")!;
        pausedEvent["data"]!["by"]!.GetValue<string>().ShouldBe("alice");
        pausedEvent["data"]!["reason"]!.GetValue<string>().ShouldBe("maintenance");
        history.Single(e => e!["type"]!.GetValue<string>() == "RunResumed")!["data"]!["by"]!.GetValue<string>().ShouldBe("bob");
        var types = history.Select(e => e!["type"]!.GetValue<string>()).ToList();
        types.IndexOf("TimerFired").ShouldBeGreaterThan(types.IndexOf("RunResumed"));
    }

    [Fact]
    public async Task HttpCallInFlight_WhenPaused_ItsResponseIsKeptAndTheRunGoesOnAfterResume()
    {
        await DeployAsync();
        fixture.Endpoint.Delay = TimeSpan.FromSeconds(1.5);
        try
        {
            var before = fixture.Endpoint.Bodies.Count;
            var id = await Client.StartAsync("control", new JsonObject { ["url"] = Url });
            (await ActAsync(id, "pause")).Status.ShouldBe(HttpStatusCode.OK);
            await Task.Delay(3000, TestContext.Current.CancellationToken);
            var run = await Client.GetRunAsync(id);
            Status(run).ShouldBe("paused");
            Step(run, "call")["status"]!.GetValue<string>().ShouldBe("completed");
            Step(run, "call")["output"]!["status"]!.GetValue<int>().ShouldBe(200);
            run["steps"]!.AsArray().ShouldNotContain(s => s!["id"]!.GetValue<string>() == "done");

            (await ActAsync(id, "resume")).Status.ShouldBe(HttpStatusCode.OK);
            var ended = await Client.WaitEndedAsync(id);
            Status(ended).ShouldBe("completed");
            ended["output"]!["httpStatus"]!.GetValue<int>().ShouldBe(200);
            (fixture.Endpoint.Bodies.Count - before).ShouldBe(1);
        }
        finally
        {
            fixture.Endpoint.Delay = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task Retry_FailedHttpStep_RunsItAgainWithAFreshAttemptCountAndCompletes()
    {
        await DeployAsync();
        fixture.Endpoint.Status = 500;
        string id;
        try
        {
            id = await Client.StartAsync("control", new JsonObject { ["url"] = Url });
            var failed = await Client.WaitEndedAsync(id);
            Status(failed).ShouldBe("failed");
            failed["error"]!["step"]!.GetValue<string>().ShouldBe("call");
        }
        finally
        {
            fixture.Endpoint.Status = 200;
        }
        var (code, body) = await ActAsync(id, "retry", user: "carol");
        code.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        var ended = await Client.WaitEndedAsync(id);
        Status(ended).ShouldBe("completed");
        ended["output"]!["httpStatus"]!.GetValue<int>().ShouldBe(200);
        ended["error"].ShouldBeNull();
        Step(ended, "call")["attempts"]!.GetValue<int>().ShouldBe(1);
        Step(ended, "sleep")["status"]!.GetValue<string>().ShouldBe("completed");
        var retried = (await HistoryAsync(id)).Single(e => e!["type"]!.GetValue<string>() == "RunRetried")!;
        retried["data"]!["by"]!.GetValue<string>().ShouldBe("carol");
        retried["step"]!.GetValue<string>().ShouldBe("call");
    }

    [Fact]
    public async Task ResumeWithErrors_FailedRun_ContinuesWithTheNextStepAndKeepsTheStepFailed()
    {
        await DeployAsync();
        var id = await RunInAsync("failed");
        var (code, body) = await ActAsync(id, "resume-with-errors", user: "dave");
        code.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        var ended = await Client.WaitEndedAsync(id);
        Status(ended).ShouldBe("completed");
        ended["output"]!["callStatus"]!.GetValue<string>().ShouldBe("failed");
        Step(ended, "call")["status"]!.GetValue<string>().ShouldBe("failed");
        Step(ended, "call")["error"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        (await HistoryAsync(id)).Single(e => e!["type"]!.GetValue<string>() == "RunResumedWithErrors")!["data"]!["by"]!.GetValue<string>().ShouldBe("dave");
    }

    [Fact]
    public async Task IdempotencyKey_SameActionTwice_ActsOnce()
    {
        await DeployAsync();
        var id = await RunInAsync("waiting");
        (await ActAsync(id, "pause", key: "k-1")).Status.ShouldBe(HttpStatusCode.OK);
        var (again, body) = await ActAsync(id, "pause", key: "k-1");
        again.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        Status(body!).ShouldBe("paused");
        (await ActAsync(id, "resume", key: "k-2")).Status.ShouldBe(HttpStatusCode.OK);
        (await ActAsync(id, "resume", key: "k-2")).Status.ShouldBe(HttpStatusCode.OK);
        (await ActAsync(id, "resume")).Status.ShouldBe(HttpStatusCode.Conflict);
        (await ActAsync(id, "terminate", key: "k-3", user: "erin")).Status.ShouldBe(HttpStatusCode.OK);
        (await ActAsync(id, "terminate", key: "k-3")).Status.ShouldBe(HttpStatusCode.OK);
        (await ActAsync(id, "terminate")).Status.ShouldBe(HttpStatusCode.Conflict);
        var history = await HistoryAsync(id);
        history.Count(e => e!["type"]!.GetValue<string>() == "RunPaused").ShouldBe(1);
        history.Count(e => e!["type"]!.GetValue<string>() == "RunResumed").ShouldBe(1);
        history.Single(e => e!["type"]!.GetValue<string>() == "RunTerminated")!["data"]!["by"]!.GetValue<string>().ShouldBe("erin");
        Status(await Client.GetRunAsync(id)).ShouldBe("terminated");
    }
}
