using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Weft.Server.Tests.Support;

/// <summary>
/// Gives every request of a test client a bearer token, as a real client would: the bootstrap administrator's
/// client-credentials token from <c>/connect/token</c> (fetched on first use, renewed before it expires), or, for
/// a request marked with <see cref="ActAs"/>, an API token of that user (created through the admin API with the
/// <c>operator</c> role in <c>default</c>). A request that carries its own Authorization header, or is marked
/// <see cref="Anonymous"/>, is sent as it is.
/// </summary>
public sealed class TokenHandler(string clientId, string clientSecret) : DelegatingHandler(new SocketsHttpHandler())
{
    public static readonly HttpRequestOptionsKey<string> ActAs = new("weft-act-as");
    public static readonly HttpRequestOptionsKey<bool> Anonymous = new("weft-anonymous");

    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly ConcurrentDictionary<string, string> _userTokens = new(StringComparer.Ordinal);
    private (string Token, DateTimeOffset RenewAt)? _admin;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is null && !(request.Options.TryGetValue(Anonymous, out var anonymous) && anonymous))
        {
            var token = request.Options.TryGetValue(ActAs, out var user)
                ? await UserTokenAsync(request.RequestUri!, user, cancellationToken)
                : await AdminTokenAsync(request.RequestUri!, cancellationToken);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await base.SendAsync(request, cancellationToken);
    }

    public async Task<string> AdminTokenAsync(Uri anyUri, CancellationToken ct)
    {
        if (_admin is { } cached && cached.RenewAt > DateTimeOffset.UtcNow) return cached.Token;
        await _lock.WaitAsync(ct);
        try
        {
            if (_admin is { } again && again.RenewAt > DateTimeOffset.UtcNow) return again.Token;
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(anyUri, "/connect/token"))
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials",
                    ["client_id"] = clientId,
                    ["client_secret"] = clientSecret,
                }),
            };
            using var response = await base.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"The token endpoint answered {(int)response.StatusCode}: {body}");
            var json = JsonNode.Parse(body)!;
            var token = json["access_token"]!.GetValue<string>();
            _admin = (token, DateTimeOffset.UtcNow.AddSeconds(json["expires_in"]!.GetValue<int>() / 2));
            return token;
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<string> UserTokenAsync(Uri anyUri, string user, CancellationToken ct)
    {
        if (_userTokens.TryGetValue(user, out var token)) return token;
        var admin = await AdminTokenAsync(anyUri, ct);
        await SendAdminAsync(anyUri, admin, HttpMethod.Post, "/api/v1/admin/users", new JsonObject { ["id"] = user }, ct, HttpStatusCode.Created, HttpStatusCode.Conflict);
        await SendAdminAsync(anyUri, admin, HttpMethod.Put, $"/api/v1/admin/users/{user}/roles/default/operator", null, ct, HttpStatusCode.OK);
        var issued = await SendAdminAsync(anyUri, admin, HttpMethod.Post, $"/api/v1/admin/users/{user}/tokens",
            new JsonObject { ["name"] = "test", ["lifeTimeInSec"] = 3600 }, ct, HttpStatusCode.Created);
        return _userTokens.GetOrAdd(user, issued!["token"]!.GetValue<string>());
    }

    private async Task<JsonNode?> SendAdminAsync(Uri anyUri, string admin, HttpMethod method, string path, JsonObject? body, CancellationToken ct, params HttpStatusCode[] expected)
    {
        using var request = new HttpRequestMessage(method, new Uri(anyUri, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await base.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!expected.Contains(response.StatusCode)) throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }
}
