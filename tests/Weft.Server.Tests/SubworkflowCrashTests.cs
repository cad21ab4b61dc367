using System.Net;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Weft.Tests.Shared;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>
/// Starts parents that each wait on a child run that waits on a timer, kills the server with SIGKILL part-way,
/// starts it again on the same database, and checks that every parent completes once with exactly one child.
/// </summary>
public sealed class SubworkflowCrashTests
{
    private const int Parents = 60;

    private const string ParentYaml = """
        name: sw-crash-parent
        input:
          seconds: { type: number, required: true }
        steps:
          - id: nap
            kind: subworkflow
            definition: sleepy
            input: { seconds: "${ input.seconds }" }
        output:
          slept: ${ steps.nap.output.slept }
        """;

    [Fact]
    public async Task KillWhileChildrenWait_Sqlite_EveryParentCompletesOnceWithOneChild()
    {
        using var dir = new TempDirectory();
        await KillAndRestartAsync(dir.Path, StoreSettings.Sqlite(dir.Path, "children.db"));
    }

    [Fact]
    public async Task KillWhileChildrenWait_Postgres_EveryParentCompletesOnceWithOneChild()
    {
        using var dir = new TempDirectory();
        await KillAndRestartAsync(dir.Path, await StoreSettings.PostgresAsync());
    }

    private static async Task KillAndRestartAsync(string workDir, Dictionary<string, string> settings)
    {
        settings["Weft__Worker__NodeId"] = "subworkflow-crash-node";
        var ids = new List<string>();
        var completedBeforeKill = 0;
        await using var second = await CrashRestart.KillAndRestartAsync(workDir, settings, async first =>
        {
            await first.Client.DeployAsync(ServerProcess.Sample("sleepy.yaml"));
            await first.Client.DeployAsync(ParentYaml);
            for (var i = 0; i < Parents; i++)
                ids.Add(await first.Client.StartAsync("sw-crash-parent", new() { ["seconds"] = Seconds(i) }));
            await CrashRestart.UntilAsync(first, async () => (completedBeforeKill = await CountAsync(first.Client, "sw-crash-parent", "completed")) >= Parents / 5,
                TimeSpan.FromSeconds(60), "parents did not start completing");
        });
        completedBeforeKill.ShouldBeLessThan(Parents, "the server was killed too late to test anything");

        await CrashRestart.UntilAsync(second, async () => await CountAsync(second.Client, "sw-crash-parent", "completed") >= Parents, TimeSpan.FromSeconds(120), "not every parent completed after the restart");

        for (var i = 0; i < ids.Count; i++)
        {
            var id = ids[i];
            var run = await second.Client.GetRunAsync(id);
            run["status"]!.GetValue<string>().ShouldBe("completed", run.ToJsonString());
            run["output"]!["slept"]!.GetValue<double>().ShouldBe(Seconds(i));
            var (status, page) = await second.Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs?parentRunId={id}");
            status.ShouldBe(HttpStatusCode.OK);
            var children = page!["items"]!.AsArray();
            children.Count.ShouldBe(1, id);
            children[0]!["status"]!.GetValue<string>().ShouldBe("completed");
            children[0]!["id"]!.GetValue<string>().ShouldBe(run["steps"]![0]!["childRunId"]!.GetValue<string>());
            var events = await EventsAsync(second.Client, id);
            events.Count(e => e!["type"]!.GetValue<string>() == "StepCompleted" && e["step"]?.GetValue<string>() == "nap").ShouldBe(1, id);
            events.Count(e => e!["type"]!.GetValue<string>() == "RunCompleted").ShouldBe(1, id);
            events.Select(e => e!["seq"]!.GetValue<long>()).ShouldBe(Enumerable.Range(1, events.Count).Select(n => (long)n));
            var childEvents = await EventsAsync(second.Client, children[0]!["id"]!.GetValue<string>());
            childEvents.Count(e => e!["type"]!.GetValue<string>() == "RunCompleted").ShouldBe(1);
        }
        // Children are runs of sleepy: one per parent, none extra.
        (await CountAsync(second.Client, "sleepy", null)).ShouldBe(Parents);
    }

    /// <summary>Some children end before the kill; most are still waiting on their timer when the server dies.</summary>
    private static int Seconds(int i) => 1 + (i % 3) * 4;

    private static async Task<JsonArray> EventsAsync(HttpClient client, string id)
    {
        var (status, history) = await client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs/{id}/history");
        status.ShouldBe(HttpStatusCode.OK);
        return history!["events"]!.AsArray();
    }

    private static async Task<int> CountAsync(HttpClient client, string definition, string? status)
    {
        var count = 0;
        string? cursor = null;
        do
        {
            var (_, page) = await client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs?definition={definition}&limit=500"
                + (status is null ? "" : "&status=" + status) + (cursor is null ? "" : "&cursor=" + cursor));
            count += page!["items"]!.AsArray().Count;
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return count;
    }
}
