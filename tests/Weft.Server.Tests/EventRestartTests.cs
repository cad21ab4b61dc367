using System.Net;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Weft.Tests.Shared;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>
/// Starts runs that wait for events, sends events for some of them, kills the server with SIGKILL at once, starts it
/// again on the same database and sends the rest: every run completes with its own event, exactly once.
/// </summary>
public sealed class EventRestartTests
{
    private const int Runs = 50;

    [Fact]
    public async Task KillWhileWaiting_Sqlite_EveryRunGetsItsEventOnce()
    {
        using var dir = new TempDirectory();
        await KillAndRestartAsync(dir.Path, StoreSettings.Sqlite(dir.Path, "events.db"));
    }

    [Fact]
    public async Task KillWhileWaiting_Postgres_EveryRunGetsItsEventOnce()
    {
        using var dir = new TempDirectory();
        await KillAndRestartAsync(dir.Path, await StoreSettings.PostgresAsync());
    }

    private static string Payment(int i) =>
        new JsonObject { ["name"] = "payment-received", ["correlation"] = "order-" + i, ["payload"] = new JsonObject { ["amount"] = i } }.ToJsonString();

    private static async Task KillAndRestartAsync(string workDir, Dictionary<string, string> settings)
    {
        settings["Weft__Worker__NodeId"] = "event-restart-node";
        var ids = new string[Runs];
        await using var second = await CrashRestart.KillAndRestartAsync(workDir, settings, async first =>
        {
            await first.Client.DeployAsync(ServerProcess.Sample("event-wait.yaml"));
            for (var i = 0; i < Runs; i++)
                ids[i] = await first.Client.StartAsync("event-wait", new() { ["orderId"] = "order-" + i });
            // Events for the first fifth arrive before the runs wait: kept, then consumed when the runs start.
            for (var i = Runs; i < Runs + Runs / 5; i++)
                (await first.Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/events", Payment(i))).Body!["matched"].ShouldBeNull();
            // Events for a third of the waiting runs, then the kill, with some of them still being handled.
            for (var i = 0; i < Runs / 3; i++)
                (await first.Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/events", Payment(i))).Body!["matched"]!.GetValue<string>().ShouldBe(ids[i]);
        });
        var late = new List<string>();
        for (var i = Runs; i < Runs + Runs / 5; i++)
            late.Add(await second.Client.StartAsync("event-wait", new() { ["orderId"] = "order-" + i }));
        for (var i = Runs / 3; i < Runs; i++)
        {
            var (status, body) = await second.Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/events", Payment(i));
            status.ShouldBe(HttpStatusCode.Accepted);
            body!["matched"]!.GetValue<string>().ShouldBe(ids[i]);
        }

        var all = ids.Concat(late).ToList();
        for (var k = 0; k < all.Count; k++)
        {
            var run = await second.Client.WaitEndedAsync(all[k], TimeSpan.FromSeconds(60));
            run["status"]!.GetValue<string>().ShouldBe("completed", run.ToJsonString());
            run["output"]!["status"]!.GetValue<string>().ShouldBe("shipped");
            run["output"]!["amount"]!.GetValue<int>().ShouldBe(k < Runs ? k : Runs + (k - Runs));
            var (_, history) = await second.Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs/{all[k]}/history");
            var types = history!["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()).ToList();
            types.Count(t => t == "EventReceived").ShouldBe(1, string.Join(",", types));
            types.Count(t => t == "RunCompleted").ShouldBe(1);
        }
        // Every event was used: none is waiting to be delivered twice.
        for (var i = 0; i < Runs + Runs / 5; i++)
            (await second.Client.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/events", Payment(i))).Body!["matched"].ShouldBeNull();
    }
}
