using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Shouldly;

namespace Weft.Server.Tests.Support;

/// <summary>Helpers for the tasks API, calling as a named user (an API token of that user, see TokenHandler.ActAs).</summary>
public static class TaskApi
{
    public static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsAsync(this HttpClient client, string? user, HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (user is not null) request.Options.Set(TokenHandler.ActAs, user);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, contentType);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text));
    }

    public static async Task<string> StartAsAsync(this HttpClient client, string user, string definition, JsonObject input)
    {
        var (status, body) = await client.SendAsAsync(user, HttpMethod.Post, "/api/v1/namespaces/default/runs", new JsonObject { ["definition"] = definition, ["input"] = input }.ToJsonString());
        status.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
        return body!["id"]!.GetValue<string>();
    }

    public static async Task<JsonArray> InboxAsync(this HttpClient client, string user, string query = "")
    {
        var (status, body) = await client.SendAsAsync(user, HttpMethod.Get, "/api/v1/tasks?assignee=me&limit=500" + query);
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        return body!["items"]!.AsArray();
    }

    /// <summary>The open task of a run, once its human step has opened it (bounded poll).</summary>
    public static async Task<JsonNode> WaitTaskAsync(this HttpClient client, string runId, string status = "open")
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var (code, body) = await client.SendAsync(HttpMethod.Get, $"/api/v1/tasks?runId={runId}&status={status}");
            code.ShouldBe(HttpStatusCode.OK);
            if (body!["items"]!.AsArray() is [{ } task, ..]) return task;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"run {runId} has no {status} task");
            await Task.Delay(50);
        }
    }

    public static async Task<JsonNode> GetTaskAsync(this HttpClient client, string id)
    {
        var (status, body) = await client.SendAsync(HttpMethod.Get, $"/api/v1/tasks/{id}");
        status.ShouldBe(HttpStatusCode.OK);
        return body!;
    }

    public static JsonNode? Field(this JsonNode task, string key) =>
        task["fields"]!.AsArray().Single(f => f!["key"]!.GetValue<string>() == key)!["value"];
}
