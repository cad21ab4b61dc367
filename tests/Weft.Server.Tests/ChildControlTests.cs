using System.Net;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>Pause and resume reach child runs; retry of a timed-out run arms its timeout again.</summary>
public sealed class ChildControlTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private HttpClient Client => fixture.Client;

    private async Task<JsonNode> PostAsync(string id, string action)
    {
        var (status, body) = await Client.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/default/runs/{id}/{action}");
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        return body!;
    }

    private async Task<string> StatusAsync(string id) => (await Client.GetRunAsync(id))["status"]!.GetValue<string>();

    /// <summary>A parent waiting on a child that waits on an hour's timer.</summary>
    private async Task<(string Parent, string Child)> ParentWithWaitingChildAsync()
    {
        await Client.DeployAsync(ServerProcess.Sample("sleepy.yaml"));
        await Client.DeployAsync("""
            name: cc-parent
            steps:
              - id: nap
                kind: subworkflow
                definition: sleepy
                input: { seconds: 3600 }
            """);
        var id = await Client.StartAsync("cc-parent", []);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var run = await Client.GetRunAsync(id);
            if (run["steps"]!.AsArray().FirstOrDefault()?["childRunId"]?.GetValue<string>() is { } child)
            {
                // The step names its child before the child's row is written.
                var (status, body) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs/{child}");
                if (status == HttpStatusCode.OK && body!["status"]!.GetValue<string>() == "waiting") return (id, child);
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the child is not waiting: " + run.ToJsonString());
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task PauseParent_PausesItsRunningChild_AndResumeResumesIt()
    {
        var (parent, child) = await ParentWithWaitingChildAsync();
        (await PostAsync(parent, "pause"))["status"]!.GetValue<string>().ShouldBe("paused");
        (await StatusAsync(child)).ShouldBe("paused");
        var (_, history) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs/{child}/history");
        history!["events"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "RunPaused")!["data"]!["reason"]!.GetValue<string>().ShouldContain(parent);

        (await PostAsync(parent, "resume"))["status"]!.GetValue<string>().ShouldBe("waiting");
        (await StatusAsync(child)).ShouldBe("waiting");
    }

    [Fact]
    public async Task ResumeParent_LeavesAChildPausedOnItsOwn()
    {
        var (parent, child) = await ParentWithWaitingChildAsync();
        await PostAsync(child, "pause");
        await PostAsync(parent, "pause");
        await PostAsync(parent, "resume");
        (await StatusAsync(parent)).ShouldBe("waiting");
        (await StatusAsync(child)).ShouldBe("paused");
    }

    [Fact]
    public async Task Retry_TimedOutRun_GetsAFreshRunTimeoutWindow()
    {
        await Client.DeployAsync("""
            name: cc-slow
            timeout: { after: 1s, policy: fail }
            steps:
              - id: slow
                kind: delay
                duration: 3s
            """);
        var id = await Client.StartAsync("cc-slow", []);
        (await Client.WaitEndedAsync(id))["status"]!.GetValue<string>().ShouldBe("timedOut");
        await PostAsync(id, "retry");
        // Without a new window the retried delay would complete after 3s; the fresh 1s window ends it first.
        var ended = await Client.WaitEndedAsync(id, TimeSpan.FromSeconds(20));
        ended["status"]!.GetValue<string>().ShouldBe("timedOut", ended.ToJsonString());
        var (_, history) = await Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs/{id}/history");
        var events = history!["events"]!.AsArray();
        events.Count(e => e!["type"]!.GetValue<string>() == "RunTimedOut").ShouldBe(2);
        var retried = events.Single(e => e!["type"]!.GetValue<string>() == "RunRetried")!["at"]!.GetValue<DateTimeOffset>();
        var second = events.Last(e => e!["type"]!.GetValue<string>() == "RunTimedOut")!["at"]!.GetValue<DateTimeOffset>();
        (second - retried).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
    }
}
