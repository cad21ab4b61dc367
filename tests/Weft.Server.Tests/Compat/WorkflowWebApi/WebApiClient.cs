using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Weft.Server.Tests.Support;

namespace Weft.Server.Tests.Compat.WorkflowWebApi;

/// <summary>Calls the Workflow.WebAPI surface as a client written against reference 000 does: JSON bodies posted, query strings as printed.</summary>
internal static class WebApiClient
{
    public const string Base = "/Workflow.WebAPI/api/workflow/";

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> WebPostAsync(this HttpClient client, string operation, string body, string? actAs = null, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Base + operation) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        return await SendAsync(client, request, actAs, bearer);
    }

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> WebGetAsync(this HttpClient client, string pathAndQuery, string? actAs = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Base + pathAndQuery);
        return await SendAsync(client, request, actAs, null);
    }

    private static async Task<(HttpStatusCode, JsonNode?)> SendAsync(HttpClient client, HttpRequestMessage request, string? actAs, string? bearer)
    {
        if (actAs is not null) request.Options.Set(TokenHandler.ActAs, actAs);
        if (bearer is not null) request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text));
    }

    /// <summary>Polls GET status until the execution's code is one of <paramref name="codes"/> (bounded), and returns the answer.</summary>
    public static async Task<JsonNode> WaitStatusAsync(this HttpClient client, string repo, long executionId, params string[] codes)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var (status, body) = await client.WebGetAsync($"status?repo={repo}&executionid={executionId}");
            if (status == HttpStatusCode.OK && codes.Contains(body!["status"]!.GetValue<string>())) return body;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"execution {executionId} answered {(int)status} {body?.ToJsonString()}, not one of {string.Join(", ", codes)}");
            await Task.Delay(50);
        }
    }
}
