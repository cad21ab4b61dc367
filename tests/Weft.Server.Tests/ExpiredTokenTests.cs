using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>A 401 says why: an expired token is called expired, with the time it expired; garbage or a foreign signature is only "not valid".</summary>
public sealed class ExpiredTokenTests(DefaultServerFixture fixture) : IClassFixture<DefaultServerFixture>
{
    private ServerProcess Server => fixture.Process;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private async Task<(HttpStatusCode Status, string Challenge, string Detail)> CallAsync(string bearer)
    {
        using var client = Server.ClientFor(bearer);
        using var response = await client.GetAsync("/api/v1/namespaces", Ct);
        var detail = response.StatusCode == HttpStatusCode.Unauthorized
            ? JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["detail"]!.GetValue<string>() : "";
        return (response.StatusCode, response.Headers.WwwAuthenticate.ToString(), detail);
    }

    [Fact]
    public async Task ExpiredJwt_SignedByTheServer_IsCalledExpiredWithItsTime()
    {
        var (kid, key) = AuthKit.ServerSigningKeyIn(fixture.DatabasePath);
        var issuer = Server.Address.ToString().TrimEnd('/');
        var issuedAt = DateTime.UtcNow.AddHours(-2);
        var expired = AuthKit.Forge(issuer, kid, key, ["*:admin"], issuedAt, TimeSpan.FromHours(1));
        // The control: the same forging with a live lifetime is accepted, so the token fails on its expiry alone.
        (await CallAsync(AuthKit.Forge(issuer, kid, key, ["*:admin"], DateTime.UtcNow.AddMinutes(-1), TimeSpan.FromMinutes(10)))).Status.ShouldBe(HttpStatusCode.OK);

        var (status, challenge, detail) = await CallAsync(expired);

        status.ShouldBe(HttpStatusCode.Unauthorized);
        var expiredAt = Utc(new DateTimeOffset(DateTime.SpecifyKind(issuedAt, DateTimeKind.Utc)).AddHours(1));
        challenge.ShouldBe($"Bearer error=\"invalid_token\", error_description=\"The access token expired at {expiredAt}; get a new one.\"");
        detail.ShouldBe($"The access token expired at {expiredAt}; get a new one.");
    }

    [Fact]
    public async Task GarbageOrForeignToken_IsNotValid_AndNotCalledExpired()
    {
        using var foreignKey = RSA.Create(2048);
        var (kid, _) = AuthKit.ServerSigningKeyIn(fixture.DatabasePath);
        var foreignExpired = AuthKit.Forge(Server.Address.ToString().TrimEnd('/'), kid, foreignKey, ["*:admin"], DateTime.UtcNow.AddHours(-2), TimeSpan.FromHours(1));

        foreach (var bearer in new[] { "not-a-token", "weft_" + new string('A', 43), foreignExpired })
        {
            var (status, challenge, detail) = await CallAsync(bearer);
            status.ShouldBe(HttpStatusCode.Unauthorized);
            challenge.ShouldStartWith("Bearer error=\"invalid_token\", error_description=\"The bearer token is not valid");
            detail.ShouldStartWith("The bearer token is not valid");
            detail.ShouldNotContain("expired");
        }
    }

    [Fact]
    public async Task ExpiredApiToken_IsCalledExpiredWithItsTime()
    {
        using var issued = await Server.Client.PostAsJsonAsync("/api/v1/tokens", new JsonObject { ["name"] = "short", ["lifeTimeInSec"] = 1 }, Ct);
        issued.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = JsonNode.Parse(await issued.Content.ReadAsStringAsync(Ct))!;
        var token = body["token"]!.GetValue<string>();
        var expiresAt = DateTimeOffset.Parse(body["expiresAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);

        // A bounded poll: the token lives one second.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var answer = await CallAsync(token);
        while (answer.Status == HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Ct);
            answer = await CallAsync(token);
        }

        answer.Status.ShouldBe(HttpStatusCode.Unauthorized);
        answer.Challenge.ShouldBe($"Bearer error=\"invalid_token\", error_description=\"The API token expired at {Utc(expiresAt)}; get a new one.\"");
        answer.Detail.ShouldBe($"The API token expired at {Utc(expiresAt)}; get a new one.");
    }

    [Fact]
    public async Task NoToken_IsAPlainChallenge()
    {
        using var response = await Server.AnonymousClient.GetAsync("/api/v1/namespaces", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ShouldBe([new AuthenticationHeaderValue("Bearer")]);
    }
}
