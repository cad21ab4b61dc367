using System.Net;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>
/// Waiting steps inside a parallel branch that is cancelled (another branch failed) close what they had open in the
/// same checkpoint: the human task is cancelled, the event wait is gone, the integration item is withdrawn.
/// </summary>
public sealed class CancelledBranchTests(HumanServerFixture fixture) : IClassFixture<HumanServerFixture>
{
    private HttpClient Client => fixture.Client;

    private const string Definition = """
        name: cancel-branches
        input:
          key: { type: string, required: true }
        steps:
          - id: fan
            kind: parallel
            branches:
              person:
                - id: ask
                  kind: human
                  title: Decide
                  assign: { role: managers }
                  actions: [approve]
              signal:
                - id: hear
                  kind: event
                  event: go
                  correlation: ${ input.key }
              worker:
                - id: work
                  kind: integration
                  queue: cancel-branches
                  fields:
                    - { key: n, type: integer, value: 1 }
              breaker:
                - { id: pause, kind: delay, duration: 1s }
                - { id: boom, kind: fail, error: broken }
        """;

    [Fact]
    public async Task BranchFails_WaitingStepsInTheOtherBranches_AreClosed()
    {
        await Client.DeployAsync(Definition);
        var key = "k-" + Guid.NewGuid().ToString("N");
        var runId = await Client.StartAsAsync("carl", "cancel-branches", new JsonObject { ["key"] = key });
        // The breaker fails a second after the start: on a loaded machine that can pass before a poll sees the task
        // open, so the task is looked up once the run has ended (it must be there, and cancelled).
        var run = await Client.WaitEndedAsync(runId);

        run["status"]!.GetValue<string>().ShouldBe("failed", run.ToJsonString());
        run["error"]!["message"]!.GetValue<string>().ShouldBe("branch 'breaker' failed: broken");
        var steps = run["steps"]!.AsArray().ToDictionary(s => s!["key"]!.GetValue<string>(), s => s!["status"]!.GetValue<string>());
        steps["fan[person]/ask"].ShouldBe("cancelled");
        steps["fan[signal]/hear"].ShouldBe("cancelled");
        steps["fan[worker]/work"].ShouldBe("cancelled");

        var task = await Client.WaitTaskAsync(runId, "cancelled");
        (await Client.GetTaskAsync(task["id"]!.GetValue<string>()))["status"]!.GetValue<string>().ShouldBe("cancelled");
        var (sent, answer) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/events",
            new JsonObject { ["name"] = "go", ["correlation"] = key }.ToJsonString());
        sent.ShouldBe(HttpStatusCode.Accepted, answer?.ToJsonString());
        answer!["matched"].ShouldBeNull("the cancelled step's wait must be gone");
        var (polled, items) = await Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/queues/cancel-branches/poll",
            """{ "workerId": "w1", "max": 10, "leaseSeconds": 30, "waitSeconds": 0 }""");
        polled.ShouldBe(HttpStatusCode.OK, items?.ToJsonString());
        items!.AsArray().ShouldBeEmpty();
    }
}
