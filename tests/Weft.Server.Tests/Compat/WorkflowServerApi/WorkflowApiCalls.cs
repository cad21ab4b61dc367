using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Shouldly;
using Xunit;

namespace Weft.Server.Tests.Compat.WorkflowServerApi;

/// <summary>Calls to <c>/workflowapi</c> as the product's clients make them, and the checks a client makes of the answer.</summary>
internal static class WorkflowApiCalls
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<(HttpStatusCode Status, JsonObject Body)> CallAsync(HttpClient api, HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await api.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json", text);
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    /// <summary>The envelope of a 200 answer (the operation's own failures are 200 too).</summary>
    public static async Task<JsonObject> EnvelopeAsync(HttpClient api, HttpMethod method, string path, string? json = null)
    {
        var (status, body) = await CallAsync(api, method, path, json is null ? null : Json(json));
        status.ShouldBe(HttpStatusCode.OK, body.ToJsonString());
        return body;
    }

    /// <summary>Polls getinstanceinfo (bounded) until the instance has the product status <paramref name="instanceStatus"/>.</summary>
    public static async Task<JsonObject> InfoWhenAsync(HttpClient api, string id, int instanceStatus)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var body = await EnvelopeAsync(api, HttpMethod.Get, $"/workflowapi/getinstanceinfo/{id}");
            body["success"]!.GetValue<bool>().ShouldBeTrue(body.ToJsonString());
            var info = body["data"]!.AsObject();
            if (info["InstanceStatus"]!.GetValue<int>() == instanceStatus) return info;
            if (DateTime.UtcNow > deadline) throw new TimeoutException(info.ToJsonString());
            await Task.Delay(50, Ct);
        }
    }
}
