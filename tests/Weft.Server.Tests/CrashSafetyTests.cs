using System.Net;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Weft.Tests.Shared;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>
/// Starts 200 runs that each wait on a timer and then call an HTTP endpoint, kills the server with
/// SIGKILL part-way, starts it again on the same database, and checks that every run completes, none is
/// lost, and every call was made at least once and recorded once.
/// </summary>
public sealed class CrashSafetyTests
{
    private const int Runs = 200;

    [Fact]
    public async Task KillMidway_Sqlite_EveryRunCompletesOnce()
    {
        using var dir = new TempDirectory();
        await KillAndRestartAsync(dir.Path, StoreSettings.Sqlite(dir.Path, "crash.db"));
    }

    [Fact]
    public async Task KillMidway_Postgres_EveryRunCompletesOnce()
    {
        using var dir = new TempDirectory();
        await KillAndRestartAsync(dir.Path, await StoreSettings.PostgresAsync());
    }

    private static async Task KillAndRestartAsync(string workDir, Dictionary<string, string> settings)
    {
        settings["Weft__Http__AllowPrivateNetworks"] = "true";
        settings["Weft__Worker__NodeId"] = "crash-test-node";
        await using var endpoint = await TestEndpoint.StartAsync();
        var url = new Uri(endpoint.Address, "notify").ToString();
        var ids = new List<string>();

        var completedBeforeKill = 0;
        await using var second = await CrashRestart.KillAndRestartAsync(workDir, settings, async first =>
        {
            await first.Client.DeployAsync(ServerProcess.Sample("delayed-call.yaml"));
            for (var i = 0; i < Runs; i++)
                ids.Add(await first.Client.StartAsync("delayed-call", new() { ["url"] = url, ["order"] = i, ["wait"] = 1 + (i % 3) }));
            // Kill once some runs are done and others are still waiting or calling.
            await CrashRestart.UntilAsync(first, async () => await CountCompletedAsync(first.Client) >= Runs / 5, TimeSpan.FromSeconds(60), "runs did not start completing");
        }, whileDown: () =>
        {
            completedBeforeKill = endpoint.Bodies.Count;
            return Task.CompletedTask;
        });
        completedBeforeKill.ShouldBeLessThan(Runs, "the server was killed too late to test anything");

        await CrashRestart.UntilAsync(second, async () => await CountCompletedAsync(second.Client) >= Runs, TimeSpan.FromSeconds(120), $"not all {Runs} runs completed after the restart");

        foreach (var id in ids)
        {
            var run = await second.Client.GetRunAsync(id);
            run["status"]!.GetValue<string>().ShouldBe("completed", run.ToJsonString());
            var (status, history) = await second.Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs/{id}/history");
            status.ShouldBe(HttpStatusCode.OK);
            var events = history!["events"]!.AsArray();
            // The call is recorded exactly once, whatever the number of times it was sent.
            events.Count(e => e!["type"]!.GetValue<string>() == "StepCompleted" && e["step"]?.GetValue<string>() == "notify").ShouldBe(1, id);
            events.Count(e => e!["type"]!.GetValue<string>() == "RunCompleted").ShouldBe(1, id);
            events.Select(e => e!["seq"]!.GetValue<long>()).ShouldBe(Enumerable.Range(1, events.Count).Select(n => (long)n));
            // At least once: the endpoint saw this run's call under its idempotency key.
            endpoint.ByKey.Keys.ShouldContain(k => k.StartsWith(id + "/notify/", StringComparison.Ordinal), id);
        }
        var orders = endpoint.Bodies.Select(b => JsonNode.Parse(b)!["order"]!.GetValue<int>()).ToHashSet();
        orders.Count.ShouldBe(Runs);
    }

    private static async Task<int> CountCompletedAsync(HttpClient client)
    {
        var count = 0;
        string? cursor = null;
        do
        {
            var (_, page) = await client.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/runs?status=completed&limit=500" + (cursor is null ? "" : "&cursor=" + cursor));
            count += page!["items"]!.AsArray().Count;
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return count;
    }
}
