using System.Net;
using System.Text.Json.Nodes;
using Shouldly;

namespace Weft.Server.Tests.Support;

/// <summary>Reads the runs a schedule started, each with the tick its RunCreated event names.</summary>
public static class ScheduledRuns
{
    public sealed record ScheduledRun(string Id, string Initiator, DateTimeOffset Tick, JsonObject Input);

    public static async Task<List<ScheduledRun>> ListAsync(HttpClient client, string definition, string ns = "default")
    {
        var (status, page) = await client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/runs?definition={definition}&limit=500");
        status.ShouldBe(HttpStatusCode.OK);
        var runs = new List<ScheduledRun>();
        foreach (var item in page!["items"]!.AsArray())
        {
            var id = item!["id"]!.GetValue<string>();
            var (hs, history) = await client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/runs/{id}/history");
            hs.ShouldBe(HttpStatusCode.OK);
            var created = history!["events"]!.AsArray().First(e => e!["type"]!.GetValue<string>() == "RunCreated")!["data"]!;
            runs.Add(new ScheduledRun(id, created["initiator"]!.GetValue<string>(), DateTimeOffset.Parse(created["tick"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
                created["input"]!.AsObject()));
        }
        return runs.OrderBy(r => r.Tick).ToList();
    }

    /// <summary>Polls (bounded) until the definition has at least <paramref name="count"/> scheduled runs.</summary>
    public static async Task<List<ScheduledRun>> WaitForAsync(HttpClient client, string definition, int count, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var runs = await ListAsync(client, definition);
            if (runs.Count >= count) return runs;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{runs.Count} of {count} scheduled runs of {definition} within {within}");
            await Task.Delay(200);
        }
    }
}
