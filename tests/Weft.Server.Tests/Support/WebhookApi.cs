using System.Net;
using System.Text.Json.Nodes;
using Shouldly;

namespace Weft.Server.Tests.Support;

/// <summary>The webhook API as a client calls it.</summary>
public static class WebhookApi
{
    /// <summary>Subscribes and returns (id, secret).</summary>
    public static async Task<(string Id, string Secret)> SubscribeAsync(this HttpClient client, Uri url, string[] events, string? definition = null, string ns = "default")
    {
        var body = new JsonObject { ["url"] = url.ToString(), ["events"] = new JsonArray(events.Select(e => (JsonNode)e).ToArray()) };
        if (definition is not null) body["definition"] = definition;
        var (status, answer) = await client.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/webhooks", body.ToJsonString());
        status.ShouldBe(HttpStatusCode.Created, answer?.ToJsonString());
        return (answer!["id"]!.GetValue<string>(), answer["secret"]!.GetValue<string>());
    }

    public static async Task<JsonArray> DeliveriesAsync(this HttpClient client, string webhook, string? status = null, string ns = "default")
    {
        var (code, answer) = await client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/webhooks/{webhook}/deliveries?limit=500" + (status is null ? "" : "&status=" + status));
        code.ShouldBe(HttpStatusCode.OK, answer?.ToJsonString());
        return answer!.AsArray();
    }

    public static async Task<JsonNode> DeliveryAsync(this HttpClient client, string webhook, string delivery, string ns = "default")
    {
        var (code, answer) = await client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/webhooks/{webhook}/deliveries/{delivery}");
        code.ShouldBe(HttpStatusCode.OK, answer?.ToJsonString());
        return answer!;
    }

    /// <summary>Polls the deliveries list until every one has <paramref name="status"/> and there are <paramref name="count"/> (bounded).</summary>
    public static async Task<JsonArray> WaitDeliveriesAsync(this HttpClient client, string webhook, int count, string status, TimeSpan within, string ns = "default")
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var list = await client.DeliveriesAsync(webhook, null, ns);
            if (list.Count == count && list.All(d => d!["status"]!.GetValue<string>() == status)) return list;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"deliveries not all {status} within {within}: {list.ToJsonString()}");
            await Task.Delay(100);
        }
    }

    /// <summary>The settings that make webhook retries quick enough for a test and allow the loopback receiver.</summary>
    public static Dictionary<string, string> FastRetries(Dictionary<string, string> settings)
    {
        settings["Weft__Http__AllowPrivateNetworks"] = "true";
        settings["Weft__Webhooks__InitialBackoff"] = "00:00:00.200";
        settings["Weft__Webhooks__MaxBackoff"] = "00:00:01";
        settings["Weft__Webhooks__AttemptTimeout"] = "00:00:02";
        settings["Weft__Webhooks__Lease"] = "00:00:04";
        return settings;
    }
}
