using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.IdentityModel.Tokens;
using Shouldly;
using Weft.Server.Tests.Support;
using Weft.Tests.Shared;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>Users, API tokens, the authorization code flow with PKCE, refresh rotation, impersonation and the token endpoint's errors.</summary>
public sealed partial class AuthFlowTests : IAsyncLifetime
{
    private const string RedirectUri = "http://127.0.0.1:9/callback";
    private const string Password = "correct horse battery staple";
    private readonly TempDirectory _dir = new();
    private ServerProcess _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await ServerProcess.StartAsync(_dir.Path, new Dictionary<string, string>());

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    private async Task CreateUserAsync(string id, string? password = Password, string ns = "default", string role = "operator")
    {
        var body = new JsonObject { ["id"] = id, ["name"] = id.ToUpperInvariant() + " Example", ["email"] = id + "@example.com" };
        if (password is not null) body["password"] = password;
        using var created = await _server.Client.PostAsJsonAsync("/api/v1/admin/users", body, Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        using var granted = await _server.Client.PutAsync($"/api/v1/admin/users/{id}/roles/{ns}/{role}", null, Ct);
        granted.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>Signs in through Weft's page as a browser would, and returns the redirect to the client's callback.</summary>
    private async Task<HttpResponseMessage> SignInAsync(string clientId, string user, string password, string challenge, string state)
    {
        var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = _server.Address };
        var page = await browser.GetStringAsync(
            $"/connect/authorize?response_type=code&client_id={clientId}&redirect_uri={Uri.EscapeDataString(RedirectUri)}&code_challenge={challenge}&code_challenge_method=S256&state={state}", Ct);
        page.ShouldContain("Sign in to Weft");
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(AntiforgeryField().Match(page).Groups[1].Value),
            ["client_id"] = clientId,
            ["redirect_uri"] = RedirectUri,
            ["code_challenge"] = challenge,
            ["state"] = state,
            ["username"] = user,
            ["password"] = password,
        };
        return await browser.PostAsync("/connect/authorize", new FormUrlEncodedContent(form), Ct);
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> TokenAsync(string clientId, string secret, Dictionary<string, string> form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(clientId + ":" + secret)));
        using var response = await _server.AnonymousClient.SendAsync(request, Ct);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!);
    }

    [Fact]
    public async Task AuthorizationCode_WithPkce_GivesUserTokens_AndRefreshRotates()
    {
        await CreateUserAsync("ann");
        var secret = await _server.CreateClientAsync("web", [], redirectUris: [RedirectUri]);
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

        using (var wrong = await SignInAsync("web", "ann", "not the password", challenge, "s1"))
        {
            wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            wrong.Headers.Location.ShouldBeNull();
        }
        using var signedIn = await SignInAsync("web", "ann", Password, challenge, "s1");
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = signedIn.Headers.Location!.ToString();
        location.ShouldStartWith(RedirectUri + "?code=");
        location.ShouldEndWith("&state=s1");
        var code = Uri.UnescapeDataString(Regex.Match(location, "code=([^&]+)").Groups[1].Value);

        var exchange = new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = RedirectUri, ["code_verifier"] = "x" + verifier[1..] };
        (await TokenAsync("web", secret, exchange)).Body["error"]!.GetValue<string>().ShouldBe("invalid_grant");
        // A failed exchange used the code up: a stolen code with a guessed verifier cannot be retried.
        exchange["code_verifier"] = verifier;
        (await TokenAsync("web", secret, exchange)).Body["error"]!.GetValue<string>().ShouldBe("invalid_grant");
        using var again = await SignInAsync("web", "ann", Password, challenge, "s2");
        code = Uri.UnescapeDataString(Regex.Match(again.Headers.Location!.ToString(), "code=([^&]+)").Groups[1].Value);
        exchange["code"] = code;
        exchange["code_verifier"] = verifier;
        var (status, tokens) = await TokenAsync("web", secret, exchange);
        status.ShouldBe(HttpStatusCode.OK, tokens.ToJsonString());
        tokens["token_type"]!.GetValue<string>().ShouldBe("Bearer");
        (await TokenAsync("web", secret, exchange)).Body["error"]!.GetValue<string>().ShouldBe("invalid_grant");

        using (var user = _server.ClientFor(tokens["access_token"]!.GetValue<string>()))
        {
            using var inbox = await user.GetAsync("/api/v1/tasks?assignee=me", Ct);
            inbox.StatusCode.ShouldBe(HttpStatusCode.OK);
            using var admin = await user.GetAsync("/api/v1/admin/keys", Ct);
            admin.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        var refresh = tokens["refresh_token"]!.GetValue<string>();
        var (refreshed, next) = await TokenAsync("web", secret, new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refresh });
        refreshed.ShouldBe(HttpStatusCode.OK, next.ToJsonString());
        next["refresh_token"]!.GetValue<string>().ShouldNotBe(refresh);
        var (reused, error) = await TokenAsync("web", secret, new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refresh });
        reused.ShouldBe(HttpStatusCode.BadRequest);
        error["error"]!.GetValue<string>().ShouldBe("invalid_grant");
    }

    [Fact]
    public async Task Authorize_UnregisteredRedirectOrNoPkce_IsRefusedWithoutRedirect()
    {
        await _server.CreateClientAsync("web2", [], redirectUris: [RedirectUri]);
        using var other = await _server.AnonymousClient.GetAsync(
            "/connect/authorize?response_type=code&client_id=web2&redirect_uri=http%3A%2F%2Fevil.example%2Fcb&code_challenge=" + new string('a', 43) + "&code_challenge_method=S256", Ct);
        other.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var plain = await _server.AnonymousClient.GetAsync(
            $"/connect/authorize?response_type=code&client_id=web2&redirect_uri={Uri.EscapeDataString(RedirectUri)}&code_challenge={new string('a', 43)}&code_challenge_method=plain", Ct);
        plain.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task TokenEndpoint_Errors_AreRfc6749()
    {
        var (status, body) = await TokenAsync(ServerProcess.BootstrapClientId, ServerProcess.BootstrapClientSecret,
            new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = "ann", ["password"] = "x" });
        status.ShouldBe(HttpStatusCode.BadRequest);
        body["error"]!.GetValue<string>().ShouldBe("unsupported_grant_type");
        (status, body) = await TokenAsync(ServerProcess.BootstrapClientId, "wrong-secret", new Dictionary<string, string> { ["grant_type"] = "client_credentials" });
        status.ShouldBe(HttpStatusCode.Unauthorized);
        body["error"]!.GetValue<string>().ShouldBe("invalid_client");
        (status, body) = await TokenAsync(ServerProcess.BootstrapClientId, ServerProcess.BootstrapClientSecret, new Dictionary<string, string> { ["grant_type"] = "client_credentials" });
        status.ShouldBe(HttpStatusCode.OK);
        body["expires_in"]!.GetValue<int>().ShouldBe(900);
    }

    [Fact]
    public async Task ApiTokens_HaveALifetime_AreListedWithoutTheSecret_AndRevoke()
    {
        await CreateUserAsync("tia", password: null);
        using var issued = await _server.Client.PostAsJsonAsync("/api/v1/admin/users/tia/tokens", new JsonObject { ["name"] = "bootstrap", ["lifeTimeInSec"] = 600 }, Ct);
        var first = (await issued.Content.ReadFromJsonAsync<JsonObject>(Ct))!["token"]!.GetValue<string>();
        using var tia = _server.ClientFor(first);

        using var bad = await tia.PostAsJsonAsync("/api/v1/tokens", new JsonObject { ["name"] = "ci", ["lifeTimeInSec"] = 0 }, Ct);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonNode.Parse(await bad.Content.ReadAsStringAsync(Ct))!["field"]!.GetValue<string>().ShouldBe("lifeTimeInSec");

        using var created = await tia.PostAsJsonAsync("/api/v1/tokens", new JsonObject { ["name"] = "ci", ["lifeTimeInSec"] = 3600 }, Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var token = (await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        token["token"]!.GetValue<string>().ShouldStartWith("weft_");
        (token["expiresAt"]!.GetValue<DateTimeOffset>() - token["createdAt"]!.GetValue<DateTimeOffset>()).ShouldBe(TimeSpan.FromHours(1));

        using var ci = _server.ClientFor(token["token"]!.GetValue<string>());
        var list = await ci.GetStringAsync("/api/v1/tokens", Ct);
        list.ShouldContain("\"ci\"");
        list.ShouldNotContain(token["token"]!.GetValue<string>());
        list.ShouldNotContain(first);

        using var revoked = await ci.DeleteAsync($"/api/v1/tokens/{token["id"]!.GetValue<string>()}", Ct);
        revoked.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var after = await ci.GetAsync("/api/v1/tokens", Ct);
        after.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var stillFirst = await tia.GetAsync("/api/v1/tokens", Ct);
        stillFirst.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task UserSearch_AnswersReference002Shape()
    {
        await CreateUserAsync("john", password: null);
        var users = JsonNode.Parse(await _server.Client.GetStringAsync("/api/users/search?Query=JOHN@example&limit=15", Ct))!.AsArray();
        users.Count.ShouldBe(1);
        users[0]!["Id"]!.GetValue<string>().ShouldBe("john");
        users[0]!["FullName"]!.GetValue<string>().ShouldBe("JOHN Example");
        users[0]!["Email"]!.GetValue<string>().ShouldBe("john@example.com");
    }

    [Fact]
    public async Task OnBehalfOf_HonouredOnlyForImpersonatingClients_AndTheRunRecordsBoth()
    {
        await CreateUserAsync("uma", password: null);
        await _server.Client.DeployAsync(ServerProcess.Sample("approval.yaml"));
        var crm = await _server.ClientTokenAsync("crm", await _server.CreateClientAsync("crm", [("default", "operator")], allowImpersonation: true));
        var plain = await _server.ClientTokenAsync("plain", await _server.CreateClientAsync("plain", [("default", "operator")]));
        var start = new JsonObject { ["definition"] = "approval", ["input"] = new JsonObject { ["employee"] = "uma", ["amount"] = 5000, ["payUrl"] = "http://127.0.0.1:9/pay" } };

        using (var refused = new HttpRequestMessage(HttpMethod.Post, "/api/v1/namespaces/default/runs") { Content = JsonContent.Create(start) })
        {
            refused.Headers.Authorization = new AuthenticationHeaderValue("Bearer", plain);
            refused.Headers.Add("X-OnBehalfOf-Id", "uma");
            using var response = await _server.AnonymousClient.SendAsync(refused, Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/namespaces/default/runs") { Content = JsonContent.Create(start) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", crm);
        request.Headers.Add("X-OnBehalfOf-Id", "uma");
        using var started = await _server.AnonymousClient.SendAsync(request, Ct);
        started.StatusCode.ShouldBe(HttpStatusCode.Created, await started.Content.ReadAsStringAsync(Ct));
        var runId = (await started.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!.GetValue<string>();
        var history = JsonNode.Parse(await _server.Client.GetStringAsync($"/api/v1/namespaces/default/runs/{runId}/history", Ct))!;
        var created = history.ToJsonString();
        created.ShouldContain("\"initiator\":\"uma\"");
        created.ShouldContain("\"actingClient\":\"client:crm\"");
    }
}
