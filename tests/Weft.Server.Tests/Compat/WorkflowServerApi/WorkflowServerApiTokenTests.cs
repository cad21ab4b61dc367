using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Shouldly;
using Weft.Server.Tests.Support;
using Xunit;
using static Weft.Server.Tests.Compat.WorkflowServerApi.WorkflowApiCalls;

namespace Weft.Server.Tests.Compat.WorkflowServerApi;

/// <summary>
/// Reference 001's token access, as the page describes it: the API access token in a <c>token</c> field, or OpenID
/// Connect (discovery, <c>/connect/token</c> with <c>client_id=workflowapi</c>, then a Bearer token like the page's).
/// </summary>
public sealed class WorkflowServerApiTokenTests(WorkflowServerApiFixture fx) : IClassFixture<WorkflowServerApiFixture>
{
    [Fact]
    public async Task Discovery_names_the_token_endpoint_and_the_token_is_the_pages_jwt()
    {
        var discovery = JsonNode.Parse(await fx.Anonymous.GetStringAsync("/.well-known/openid-configuration", Ct))!;
        discovery["token_endpoint"]!.GetValue<string>().ShouldBe(fx.Server.Address.ToString().TrimEnd('/') + "/connect/token");

        // The page's request, byte for byte in its field order.
        var token = await fx.PageTokenAsync(Ct);
        var jwt = new JsonWebToken(token);
        jwt.Typ.ShouldBe("at+jwt");
        jwt.Alg.ShouldBe("RS256");
        jwt.Audiences.ShouldBe(["WorkflowApi"]);
        jwt.GetClaim("client_id").Value.ShouldBe("workflowapi");
        jwt.GetPayloadValue<string[]>("scope").ShouldBe(["WorkflowApi"]);
        (jwt.ValidTo - jwt.IssuedAt).ShouldBe(TimeSpan.FromHours(1));

        // A relying party validates it with the discovered keys and the page's audience.
        var config = await new ConfigurationManager<OpenIdConnectConfiguration>(new Uri(fx.Server.Address, "/.well-known/openid-configuration").ToString(),
            new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever { RequireHttps = false }).GetConfigurationAsync(Ct);
        var valid = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = config.Issuer,
            ValidAudience = "WorkflowApi",
            IssuerSigningKeys = config.SigningKeys,
            ValidTypes = ["at+jwt"],
        });
        valid.IsValid.ShouldBeTrue(valid.Exception?.Message);
    }

    [Fact]
    public async Task A_standard_openid_connect_client_gets_the_token_and_runs_the_journey_to_a_finalized_instance()
    {
        // npm openid-client: discovery, then the client_credentials grant with client_id workflowapi and the API access token.
        var tokens = await NodeOidcClient.ClientCredentialsAsync(fx.Server, "workflowapi", WorkflowServerApiFixture.PageSecret);
        tokens["token_endpoint"]!.GetValue<string>().ShouldEndWith("/connect/token");
        tokens["expires_in"]!.GetValue<int>().ShouldBeInRange(3590, 3600);
        using var api = fx.Server.ClientFor(tokens["access_token"]!.GetValue<string>());
        await JourneyAsync(api, token: null);
    }

    [Fact]
    public async Task The_same_journey_with_the_token_field_in_the_json_body_the_query_or_a_form()
    {
        await JourneyAsync(fx.Anonymous, WorkflowServerApiFixture.PageSecret);

        var (status, body) = await CallAsync(fx.Anonymous, HttpMethod.Get, $"/workflowapi/getschemelist?token={WorkflowServerApiFixture.PageSecret}");
        status.ShouldBe(HttpStatusCode.OK);
        body["data"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldContain("TestScheme");
        (status, body) = await CallAsync(fx.Anonymous, HttpMethod.Post, "/workflowapi/getschemelist",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = WorkflowServerApiFixture.PageSecret }));
        status.ShouldBe(HttpStatusCode.OK);
        body["success"]!.GetValue<bool>().ShouldBeTrue();

        // A wrong token field is refused with 401, in the envelope.
        (status, body) = await CallAsync(fx.Anonymous, HttpMethod.Post, "/workflowapi/getschemelist", Json("""{"token":"fc9rmnuvwR6Nsbfg0H9hAxqz9OrUhK3C-wrong"}"""));
        status.ShouldBe(HttpStatusCode.Unauthorized);
        body["success"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task The_api_access_token_itself_is_no_credential_of_the_native_api()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces/default/runs");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", WorkflowServerApiFixture.PageSecret);
        using var response = await fx.Anonymous.SendAsync(request, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var query = await fx.Anonymous.GetAsync($"/api/v1/namespaces/default/runs?token={WorkflowServerApiFixture.PageSecret}", Ct);
        query.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    /// <summary>createinstance, getavailablecommands, executecommand on the human step, getinstanceinfo finalized with its parameters.</summary>
    private static async Task JourneyAsync(HttpClient api, string? token)
    {
        string With(string json) => token is null ? json : json.TrimEnd('}') + $",\"token\":\"{token}\"}}";
        string Query(string path) => token is null ? path : path + (path.Contains('?') ? "&" : "?") + "token=" + token;
        var id = Guid.NewGuid().ToString();
        var created = await EnvelopeAsync(api, HttpMethod.Post, $"/workflowapi/createinstance/{id}",
            With("""{"schemeCode":"TestScheme","parameters":[{"name":"Amount","value":10,"persist":true}]}"""));
        created["success"]!.GetValue<bool>().ShouldBeTrue(created.ToJsonString());
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonArray commands;
        while (true)
        {
            var available = await EnvelopeAsync(api, HttpMethod.Post, $"/workflowapi/getavailablecommands/{id}", With("""{"identityId":"ann"}"""));
            available["success"]!.GetValue<bool>().ShouldBeTrue(available.ToJsonString());
            commands = available["data"]!.AsArray();
            if (commands.Count > 0 || DateTime.UtcNow > deadline) break;
            await Task.Delay(50, Ct);
        }
        commands.Select(c => c!["CommandName"]!.GetValue<string>()).ShouldBe(["approve", "reject"]);
        var executed = await EnvelopeAsync(api, HttpMethod.Post, $"/workflowapi/executecommand/{id}", With("""{"command":"approve","identityId":"ann"}"""));
        executed["data"]!["WasExecuted"]!.GetValue<bool>().ShouldBeTrue(executed.ToJsonString());
        while (true)
        {
            var info = (await EnvelopeAsync(api, HttpMethod.Get, Query($"/workflowapi/getinstanceinfo/{id}")))["data"]!;
            if (info["InstanceStatus"]!.GetValue<int>() == 3)
            {
                info["ProcessParameters"]!["Amount"]!.GetValue<int>().ShouldBe(10);
                info["SchemeCode"]!.GetValue<string>().ShouldBe("TestScheme");
                return;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException(info.ToJsonString());
            await Task.Delay(50, Ct);
        }
    }
}
