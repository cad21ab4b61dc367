using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Weft.Tests.Shared;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>
/// Runs wait on integration items (some available, some leased, some just completed) when the server is killed
/// with SIGKILL; after a restart on the same database, workers poll and complete the rest. Every run completes,
/// and every item is completed exactly once.
/// </summary>
public sealed class IntegrationCrashTests
{
    private const int Runs = 40;

    [Fact]
    public async Task KillWhileRunsWait_Sqlite_EveryRunCompletesOnce()
    {
        using var dir = new TempDirectory();
        await KillAndRestartAsync(dir.Path, StoreSettings.Sqlite(dir.Path, "crash.db"));
    }

    [Fact]
    public async Task KillWhileRunsWait_Postgres_EveryRunCompletesOnce()
    {
        using var dir = new TempDirectory();
        await KillAndRestartAsync(dir.Path, await StoreSettings.PostgresAsync());
    }

    private static async Task KillAndRestartAsync(string workDir, Dictionary<string, string> settings)
    {
        settings["Weft__Worker__NodeId"] = "integration-crash-node";
        var ids = new List<string>();
        var completions = new ConcurrentDictionary<string, int>();
        var leasedBeforeKill = new List<JsonNode>();

        await using var second = await CrashRestart.KillAndRestartAsync(workDir, settings, async first =>
        {
            await first.Client.DeployAsync(ServerProcess.Sample("integration.yaml"));
            for (var i = 0; i < Runs; i++)
                ids.Add(await first.Client.StartAsync("integration", new() { ["customer"] = "c" + i, ["amount"] = 100 + i }));
            // Complete a few, lease a few more (short lease) and leave the rest available; then kill mid-flight.
            var batch = await first.Client.PollAsync("credit-check", "before", max: 15, leaseSeconds: 3, waitSeconds: 5);
            batch.Count.ShouldBe(15);
            foreach (var item in batch.Take(5)) await CompleteAsync(first.Client, item!, completions);
            leasedBeforeKill.AddRange(batch.Skip(5).Select(i => i!));
        });
        var client = second.Client;
        // The worker that held leases before the crash tries to finish one: its lease is still good, so it may.
        await CompleteAsync(client, leasedBeforeKill[0], completions);

        var workers = Enumerable.Range(0, 3).Select(w => Task.Run(async () =>
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < deadline && completions.Count < Runs)
            {
                var items = await client.PollAsync("credit-check", "after-" + w, max: 5, leaseSeconds: 30, waitSeconds: 1);
                foreach (var item in items) await CompleteAsync(client, item!, completions);
            }
        })).ToList();
        await Task.WhenAll(workers);
        completions.Count.ShouldBe(Runs, second.ReadLog());
        completions.Values.ShouldAllBe(n => n == 1);

        foreach (var id in ids)
        {
            var run = await client.WaitEndedAsync(id, TimeSpan.FromSeconds(30));
            run["status"]!.GetValue<string>().ShouldBe("completed", run.ToJsonString());
            var (status, history) = await client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs/{id}/history");
            status.ShouldBe(HttpStatusCode.OK);
            var events = history!["events"]!.AsArray();
            events.Count(e => e!["type"]!.GetValue<string>() == "IntegrationItemCreated").ShouldBe(1, id);
            events.Count(e => e!["type"]!.GetValue<string>() == "IntegrationItemCompleted").ShouldBe(1, id);
            events.Count(e => e!["type"]!.GetValue<string>() == "StepCompleted" && e["step"]?.GetValue<string>() == "check").ShouldBe(1, id);
            events.Count(e => e!["type"]!.GetValue<string>() == "RunCompleted").ShouldBe(1, id);
            events.Select(e => e!["seq"]!.GetValue<long>()).ShouldBe(Enumerable.Range(1, events.Count).Select(n => (long)n));
        }
        // The stale holders of lapsed leases are refused: nothing is completed twice.
        foreach (var item in leasedBeforeKill.Skip(1))
            (await client.ItemAsync(item.Id(), "complete", new() { ["leaseToken"] = item.Token(), ["fields"] = new JsonObject { ["score"] = 1 } })).Status.ShouldBe(HttpStatusCode.Conflict);
    }

    private static async Task CompleteAsync(HttpClient client, JsonNode item, ConcurrentDictionary<string, int> completions)
    {
        var (status, body) = await client.ItemAsync(item.Id(), "complete", new() { ["leaseToken"] = item.Token(), ["fields"] = new JsonObject { ["score"] = 700 } });
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        completions.AddOrUpdate(item["runId"]!.GetValue<string>(), 1, (_, n) => n + 1);
    }
}
