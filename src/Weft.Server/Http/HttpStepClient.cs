using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Weft.Core.Runs;
using Weft.Core.Workers;


namespace Weft.Server.Http;

/// <summary>Sends http steps' requests through the guarded client; every request carries its Idempotency-Key.</summary>
internal sealed class HttpStepClient(IHttpClientFactory factory, IOptions<HttpStepOptions> options) : IHttpStepClient
{
    public const string ClientName = "weft-steps";

    public async Task<JsonObject> SendAsync(JsonObject request, CancellationToken ct)
    {
        var url = request["url"]?.GetValue<string>();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return new JsonObject { ["error"] = $"'{url}' is not an absolute http or https address", ["permanent"] = true };
        if (request["query"] is JsonObject query && query.Count > 0)
        {
            var qs = string.Join("&", query.Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(Text(q.Value))));
            uri = new Uri(uri + (string.IsNullOrEmpty(uri.Query) ? "?" : "&") + qs);
        }
        using var message = new HttpRequestMessage(new HttpMethod(request["method"]?.GetValue<string>() ?? "GET"), uri);
        if (request["body"] is { } body)
        {
            message.Content = body is JsonValue v && v.TryGetValue<string>(out var s)
                ? new StringContent(s, Encoding.UTF8, "text/plain")
                : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        if (request["headers"] is JsonObject headers)
        {
            foreach (var (name, value) in headers)
            {
                if (!message.Headers.TryAddWithoutValidation(name, Text(value)) && message.Content is not null)
                {
                    message.Content.Headers.Remove(name);
                    message.Content.Headers.TryAddWithoutValidation(name, Text(value));
                }
            }
        }
        message.Headers.Remove("Idempotency-Key");
        message.Headers.TryAddWithoutValidation("Idempotency-Key", request["idempotencyKey"]?.GetValue<string>());
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(request["timeoutMs"]?.GetValue<long>() ?? 30_000));
        try
        {
            using var response = await factory.CreateClient(ClientName).SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var bytes = await ReadLimitedAsync(response.Content, options.Value.MaxResponseBytes, timeout.Token);
            var parsed = Body(bytes, response.Content.Headers.ContentType);
            // A JSON body nested deeper than a run's values may be is kept as its text.
            if (ValueLimits.Problem(parsed, "the body") is not null) parsed = Encoding.UTF8.GetString(bytes);
            var result = new JsonObject
            {
                ["status"] = (int)response.StatusCode,
                ["headers"] = Headers(response),
                ["body"] = parsed,
            };
            return result;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new JsonObject { ["error"] = $"no response from {uri.GetLeftPart(UriPartial.Path)} within {request["timeoutMs"]} ms" };
        }
        catch (HttpRequestException e) when (e.InnerException is OutboundRefusedException refused)
        {
            return new JsonObject { ["error"] = refused.Message, ["permanent"] = true };
        }
        catch (HttpRequestException e)
        {
            return new JsonObject { ["error"] = e.InnerException?.Message is { } inner && !e.Message.Contains(inner, StringComparison.Ordinal) ? $"{e.Message} ({inner})" : e.Message };
        }
        catch (InvalidDataException e)
        {
            return new JsonObject { ["error"] = e.Message };
        }
    }

    private static string Text(JsonNode? value) => value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "";

    private static JsonObject Headers(HttpResponseMessage response)
    {
        var o = new JsonObject();
        foreach (var (k, v) in response.Headers.Concat(response.Content.Headers)) o[k.ToLowerInvariant()] = string.Join(", ", v);
        return o;
    }

    private static JsonNode? Body(byte[] bytes, MediaTypeHeaderValue? type)
    {
        if (bytes.Length == 0) return null;
        var text = Encoding.UTF8.GetString(bytes);
        if (type?.MediaType is { } mt && (mt.EndsWith("/json", StringComparison.OrdinalIgnoreCase) || mt.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
        {
            try
            {
                return JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                return text;
            }
        }
        return text;
    }

    private static async Task<byte[]> ReadLimitedAsync(HttpContent content, int limit, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > limit) throw new InvalidDataException($"the response body is larger than {limit} bytes");
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }
}
