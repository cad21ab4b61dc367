using System.Net;
using System.Text.Json.Nodes;
using Shouldly;
using Weft.Server.Tests.Support;
using Xunit;
using static Weft.Server.Tests.Compat.WorkflowServerApi.WorkflowApiCalls;

namespace Weft.Server.Tests.Compat.WorkflowServerApi;

/// <summary>Without the API access token set, the Workflow API is exactly as open as Weft's own auth says: not open by accident.</summary>
public sealed class WorkflowServerApiAccessTests(SqliteServerFixture fx) : IClassFixture<SqliteServerFixture>
{
    [Fact]
    public async Task Without_an_api_access_token_only_weft_credentials_with_the_role_are_taken()
    {
        using var token = await fx.Server.AnonymousClient.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = "workflowapi", ["client_secret"] = WorkflowServerApiFixture.PageSecret, ["grant_type"] = "client_credentials",
        }), Ct);
        token.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var (status, body) = await CallAsync(fx.Server.AnonymousClient, HttpMethod.Get, $"/workflowapi/getschemelist?token={WorkflowServerApiFixture.PageSecret}");
        status.ShouldBe(HttpStatusCode.Unauthorized);
        body["success"]!.GetValue<bool>().ShouldBeFalse();
        (status, _) = await CallAsync(fx.Server.AnonymousClient, HttpMethod.Get, "/workflowapi/getschemelist");
        status.ShouldBe(HttpStatusCode.Unauthorized);

        using var viewer = fx.Server.ClientFor(await fx.Server.ClientTokenAsync("wf-viewer", await fx.Server.CreateClientAsync("wf-viewer", [("default", "viewer")])));
        (status, body) = await CallAsync(viewer, HttpMethod.Get, "/workflowapi/getschemelist");
        status.ShouldBe(HttpStatusCode.Forbidden);
        body["message"]!.GetValue<string>().ShouldContain("'operator' role in namespace 'default'");

        var secret = await fx.Server.CreateClientAsync("wf-operator", [("default", "operator")]);
        var issued = await fx.Server.ClientTokenAsync("wf-operator", secret);
        // A Weft token works as the bearer header or as the token field.
        using var op = fx.Server.ClientFor(issued);
        (status, body) = await CallAsync(op, HttpMethod.Get, "/workflowapi/getschemelist");
        status.ShouldBe(HttpStatusCode.OK);
        body["success"]!.GetValue<bool>().ShouldBeTrue();
        (status, body) = await CallAsync(fx.Server.AnonymousClient, HttpMethod.Post, "/workflowapi/getschemelist", Json(new JsonObject { ["token"] = issued }.ToJsonString()));
        status.ShouldBe(HttpStatusCode.OK);
        body["data"].ShouldBeOfType<JsonArray>();
    }
}
