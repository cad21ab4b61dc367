using System.Net;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Weft.Tests.Shared;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>
/// Runs wait on tasks; the server is killed with SIGKILL and started again on the same database; the tasks are
/// completed through the API after the restart: every run completes once, with its task's action.
/// </summary>
public sealed class HumanRestartTests
{
    private const int Runs = 20;

    [Fact]
    public async Task KillWhileWaitingOnTasks_Sqlite_EveryRunCompletesOnce()
    {
        using var dir = new TempDirectory();
        var settings = HumanServerFixture.Users;
        settings["Weft__Storage__ConnectionString"] = $"Data Source={Path.Combine(dir.Path, "human.db")}";
        await KillAndRestartAsync(dir.Path, settings);
    }

    [Fact]
    public async Task KillWhileWaitingOnTasks_Postgres_EveryRunCompletesOnce()
    {
        var cs = await TestPostgres.CreateDatabaseAsync();
        using var dir = new TempDirectory();
        var settings = HumanServerFixture.Users;
        settings["Weft__Storage__Provider"] = "postgres";
        settings["Weft__Storage__ConnectionString"] = cs;
        await KillAndRestartAsync(dir.Path, settings);
    }

    private static async Task KillAndRestartAsync(string workDir, Dictionary<string, string> settings)
    {
        settings["Weft__Worker__NodeId"] = "human-restart-node";
        await using var endpoint = await TestEndpoint.StartAsync();
        var payUrl = new Uri(endpoint.Address, "payouts").ToString();
        var ids = new List<string>();
        await using var second = await CrashRestart.KillAndRestartAsync(workDir, settings, async first =>
        {
            await first.Client.DeployAsync(ServerProcess.Sample("approval.yaml"));
            for (var i = 0; i < Runs; i++)
                ids.Add(await first.Client.StartAsAsync("carl", "approval", new JsonObject { ["employee"] = $"e{i}", ["amount"] = 1500 + i, ["payUrl"] = payUrl }));
            foreach (var id in ids) await first.Client.WaitTaskAsync(id);
            // One task has its fields written before the kill: they must survive it.
            var written = (await first.Client.WaitTaskAsync(ids[0]))["id"]!.GetValue<string>();
            (await first.Client.SendAsAsync("ann", HttpMethod.Post, $"/api/v1/tasks/{written}/fields", """{ "comment": "written before the kill" }""")).Status.ShouldBe(HttpStatusCode.OK);
        }, whileDown: () =>
        {
            endpoint.Bodies.ShouldBeEmpty();
            return Task.CompletedTask;
        });
        var inbox = await second.Client.InboxAsync("ann", "&status=open");
        inbox.Select(t => t!["runId"]!.GetValue<string>()).Order().ShouldBe(ids.Order());
        foreach (var task in inbox)
        {
            var id = task!["id"]!.GetValue<string>();
            var fields = task.Field("comment") is null ? """, "fields": { "comment": "after restart" }""" : "";
            var (status, body) = await second.Client.SendAsAsync("ann", HttpMethod.Post, $"/api/v1/tasks/{id}/complete", $$"""{ "action": "approve"{{fields}} }""");
            status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        }
        foreach (var id in ids)
        {
            var run = await second.Client.WaitEndedAsync(id, TimeSpan.FromSeconds(60));
            run["status"]!.GetValue<string>().ShouldBe("completed", run.ToJsonString());
            run["output"]!["decision"]!["action"]!.GetValue<string>().ShouldBe("approve");
            var (_, history) = await second.Client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/runs/{id}/history");
            var events = history!["events"]!.AsArray();
            events.Count(e => e!["type"]!.GetValue<string>() == "TaskCreated").ShouldBe(1, id);
            events.Count(e => e!["type"]!.GetValue<string>() == "TaskCompleted").ShouldBe(1, id);
            events.Count(e => e!["type"]!.GetValue<string>() == "StepCompleted" && e["step"]?.GetValue<string>() == "manager").ShouldBe(1, id);
            events.Count(e => e!["type"]!.GetValue<string>() == "RunCompleted").ShouldBe(1, id);
            events.Select(e => e!["seq"]!.GetValue<long>()).ShouldBe(Enumerable.Range(1, events.Count).Select(n => (long)n));
        }
        (await second.Client.GetRunAsync(ids[0]))["output"]!["decision"]!["fields"]!["comment"]!.GetValue<string>().ShouldBe("written before the kill");
        endpoint.Bodies.Select(b => JsonNode.Parse(b)!["employee"]!.GetValue<string>()).ToHashSet().Count.ShouldBe(Runs);
        (await second.Client.InboxAsync("ann", "&status=open")).ShouldBeEmpty();
    }
}
