using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Shouldly;

namespace Weft.Server.Tests.Support;

/// <summary>Small helpers over the native API, as a client would call it.</summary>
public static class Api
{
    public static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(this HttpClient client, HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, contentType);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text));
    }

    public static async Task<JsonNode> DeployAsync(this HttpClient client, string yaml, string ns = "default")
    {
        var (status, body) = await client.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/definitions", yaml, "application/yaml");
        status.ShouldBeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);
        return body!;
    }

    public static async Task<string> StartAsync(this HttpClient client, string definition, JsonObject input, string ns = "default")
    {
        var response = await client.PostAsJsonAsync($"/api/v1/namespaces/{ns}/runs", new { definition, input });
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!["id"]!.GetValue<string>();
    }

    public static async Task<JsonNode> GetRunAsync(this HttpClient client, string id, string ns = "default")
    {
        var (status, body) = await client.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/runs/{id}");
        status.ShouldBe(HttpStatusCode.OK);
        return body!;
    }

    /// <summary>Polls a run until it has ended (bounded), and returns it.</summary>
    public static async Task<JsonNode> WaitEndedAsync(this HttpClient client, string id, TimeSpan? within = null, string ns = "default")
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var run = await client.GetRunAsync(id, ns);
            var status = run["status"]!.GetValue<string>();
            if (status is "completed" or "failed" or "terminated" or "timedOut") return run;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"run {id} is still {status}: {run.ToJsonString()}");
            await Task.Delay(50);
        }
    }
}
