using System.Net;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Shouldly;
using Weft.Server.Tests.Support;
using Weft.Tests.Shared;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>Standard OpenID Connect client libraries work against Weft's token service, not only hand-built requests.</summary>
public sealed class StandardClientTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private ServerProcess _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await ServerProcess.StartAsync(_dir.Path, new Dictionary<string, string>());

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task ConfigurationManager_DiscoversKeys_ThatValidateIssuedTokens_AcrossKeyRotation()
    {
        var config = await NewManager().GetConfigurationAsync(Ct);
        config.Issuer.ShouldBe(_server.Address.ToString().TrimEnd('/'));
        config.TokenEndpoint.ShouldBe(new Uri(_server.Address, "/connect/token").ToString());
        config.GrantTypesSupported.ShouldContain("client_credentials");
        config.GrantTypesSupported.ShouldNotContain("password");
        config.SigningKeys.Count.ShouldBe(1);

        var before = await _server.Tokens.AdminTokenAsync(_server.Address, Ct);
        var result = await ValidateAsync(before, config);
        result.IsValid.ShouldBeTrue(result.Exception?.Message);
        result.Claims["client_id"].ShouldBe(ServerProcess.BootstrapClientId);

        using var rotated = await _server.Client.PostAsync("/api/v1/admin/keys/rotate", null, Ct);
        rotated.StatusCode.ShouldBe(HttpStatusCode.OK);
        // A new manager, as a relying party sees the document after its refresh interval (8.x refreshes in the background).
        var after = await NewManager().GetConfigurationAsync(Ct);
        after.SigningKeys.Count.ShouldBe(2);
        (await ValidateAsync(before, after)).IsValid.ShouldBeTrue("a token signed before the rotation stays valid until it expires");
        var secret = await _server.CreateClientAsync("svc", [("default", "viewer")]);
        var fresh = await _server.ClientTokenAsync("svc", secret);
        new JsonWebToken(fresh).Kid.ShouldBe(JsonNode.Parse(await rotated.Content.ReadAsStringAsync(Ct))!["kid"]!.GetValue<string>());
        (await ValidateAsync(fresh, after)).IsValid.ShouldBeTrue();
        (await ValidateAsync(fresh, config)).IsValid.ShouldBeFalse("the key set from before the rotation does not know the new key");
    }

    private ConfigurationManager<OpenIdConnectConfiguration> NewManager() => new(
        new Uri(_server.Address, "/.well-known/openid-configuration").ToString(), new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever { RequireHttps = false });

    private static Task<TokenValidationResult> ValidateAsync(string token, OpenIdConnectConfiguration config) =>
        new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = config.Issuer,
            ValidAudience = "weft",
            IssuerSigningKeys = config.SigningKeys,
            ValidateLifetime = true,
        });

    [Fact]
    public async Task NpmOpenidClient_ClientCredentials_GetsATokenThatWorks()
    {
        var secret = await _server.CreateClientAsync("node-svc", [("default", "viewer")]);
        var tokens = await NodeOidcClient.ClientCredentialsAsync(_server, "node-svc", secret);
        tokens["token_type"]!.GetValue<string>().ShouldBe("bearer", StringCompareShould.IgnoreCase);
        tokens["expires_in"]!.GetValue<int>().ShouldBeInRange(890, 900);
        using var client = _server.ClientFor(tokens["access_token"]!.GetValue<string>());
        using var runs = await client.GetAsync("/api/v1/namespaces/default/runs", Ct);
        runs.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var deploy = await client.PostAsync("/api/v1/namespaces/default/definitions", new StringContent("name: x"), Ct);
        deploy.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
