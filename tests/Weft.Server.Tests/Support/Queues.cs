using System.Net;
using System.Text.Json.Nodes;
using Shouldly;

namespace Weft.Server.Tests.Support;

/// <summary>What an external worker sends: poll a queue, write fields, heartbeat, complete, fail.</summary>
public static class Queues
{
    public static async Task<JsonArray> PollAsync(this HttpClient client, string queue, string worker, int max = 1, int leaseSeconds = 60, int waitSeconds = 0, string ns = "default")
    {
        var body = new JsonObject { ["workerId"] = worker, ["max"] = max, ["leaseSeconds"] = leaseSeconds, ["waitSeconds"] = waitSeconds };
        var (status, answer) = await client.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/queues/{queue}/poll", body.ToJsonString());
        status.ShouldBe(HttpStatusCode.OK, answer?.ToJsonString());
        return answer!.AsArray();
    }

    /// <summary>Polls (long polls of 2 s) until an item arrives, bounded.</summary>
    public static async Task<JsonNode> PollOneAsync(this HttpClient client, string queue, string worker, int leaseSeconds = 60, int withinSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(withinSeconds);
        while (DateTime.UtcNow < deadline)
        {
            var items = await client.PollAsync(queue, worker, 1, leaseSeconds, waitSeconds: 2);
            if (items.Count > 0) return items[0]!;
        }
        throw new TimeoutException($"no item on queue {queue} within {withinSeconds} s");
    }

    public static Task<(HttpStatusCode Status, JsonNode? Body)> ItemAsync(this HttpClient client, string id, string action, JsonObject body, string ns = "default") =>
        client.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/integration-items/{id}/{action}", body.ToJsonString());

    public static async Task<JsonNode> GetItemAsync(this HttpClient client, string id, string ns = "default")
    {
        var (status, body) = await client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/integration-items/{id}");
        status.ShouldBe(HttpStatusCode.OK);
        return body!;
    }

    public static long Token(this JsonNode item) => item["leaseToken"]!.GetValue<long>();

    public static string Id(this JsonNode item) => item["id"]!.GetValue<string>();
}
