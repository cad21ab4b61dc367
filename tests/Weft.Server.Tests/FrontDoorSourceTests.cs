using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Shouldly;
using Weft.Server.Api;
using Weft.Server.FrontDoors;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>
/// How a front door finds a request's namespace and credential (route, query, JSON or form body) and writes an error in
/// its own envelope. The native door's behaviour is what every other server test exercises; these are the parts the
/// vendor surfaces will use, checked on real requests as ASP.NET Core builds them.
/// </summary>
public sealed class FrontDoorSourceTests
{
    private static DefaultHttpContext Request(string? body = null, string contentType = "application/json", string query = "", long maxBody = 1024)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IOptions<ApiOptions>>(Options.Create(new ApiOptions { MaxBodyBytes = maxBody }));
        services.AddSingleton<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>(Options.Create(new Microsoft.AspNetCore.Http.Json.JsonOptions()));
        var http = new DefaultHttpContext { RequestServices = services.BuildServiceProvider() };
        http.Request.Method = "POST";
        http.Request.QueryString = new QueryString(query);
        http.Response.Body = new MemoryStream();
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            http.Request.Body = new MemoryStream(bytes);
            http.Request.ContentLength = bytes.Length;
            http.Request.ContentType = contentType;
        }
        return http;
    }

    [Fact]
    public async Task Namespace_FromRouteQueryBodyOrFixed()
    {
        var route = Request();
        route.Request.RouteValues = new RouteValueDictionary { ["ns"] = "sales" };
        (await NamespaceSources.Route().FindAsync(route)).ShouldBe("sales");
        (await NamespaceSources.Query("nsfilter").FindAsync(Request(query: "?nsfilter=ops"))).ShouldBe("ops");
        (await NamespaceSources.Body("repository").FindAsync(Request("""{ "Repository": "hr", "x": 1 }"""))).ShouldBe("hr");
        (await NamespaceSources.Body("repository").FindAsync(Request("repository=hr2&x=1", "application/x-www-form-urlencoded"))).ShouldBe("hr2");
        (await NamespaceSources.Fixed("default").FindAsync(Request())).ShouldBe("default");
        (await NamespaceSources.FirstOf(NamespaceSources.Query("nsfilter"), NamespaceSources.Fixed("default")).FindAsync(Request())).ShouldBe("default");
        (await NamespaceSources.Query("nsfilter").FindAsync(Request(query: "?nsfilter=%20"))).ShouldBeNull();
    }

    [Fact]
    public async Task Body_IsLeftWholeForTheHandler_AfterAFieldIsRead()
    {
        var http = Request("""{ "token": "abc", "input": { "n": 1 } }""");
        (await CredentialSources.Body("token").ReadAsync(http)).ShouldBe(new PresentedCredential("abc", true));
        // Read once: the handler's reader is handed the same body.
        (await RequestBody.ReadJsonAsync(http.Request, TestContext.Current.CancellationToken))!.ToJsonString().ShouldBe("""{"token":"abc","input":{"n":1}}""");
    }

    [Fact]
    public async Task Body_OverTheLimitOrMalformed_NamesNothing_AndTheHandlerMeetsTheSameFailure()
    {
        var big = Request("{ \"repository\": \"" + new string('x', 2000) + "\" }", maxBody: 1024);
        (await NamespaceSources.Body("repository").FindAsync(big)).ShouldBeNull();
        var broken = Request("""{ "repository": "hr", """);
        (await NamespaceSources.Body("repository").FindAsync(broken)).ShouldBeNull();
        // The handler's reader meets the same failure, with its line and column, as if it had read the body itself.
        (await Should.ThrowAsync<BadRequestException>(() => RequestBody.ReadJsonAsync(broken.Request, TestContext.Current.CancellationToken))).Line.ShouldBe(1);
        (await Should.ThrowAsync<BadRequestException>(() => RequestBody.ReadJsonAsync(big.Request, TestContext.Current.CancellationToken))).Status.ShouldBe(413);
        var deep = Request(new string('[', 100) + new string(']', 100));
        (await NamespaceSources.Body("repository").FindAsync(deep)).ShouldBeNull();
    }

    [Fact]
    public async Task Credential_FromBearerQueryOrBody_AndAMalformedBearerIsPresented()
    {
        var bearer = Request();
        bearer.Request.Headers.Authorization = "Bearer t0k3n";
        (await CredentialSources.Bearer.ReadAsync(bearer)).ShouldBe(new PresentedCredential("t0k3n", true));
        var basic = Request();
        basic.Request.Headers.Authorization = "Basic Zm9vOmJhcg==";
        (await CredentialSources.Bearer.ReadAsync(basic)).ShouldBe(new PresentedCredential(null, true));
        (await CredentialSources.Bearer.ReadAsync(Request())).ShouldBe(PresentedCredential.None);
        (await CredentialSources.Query("token").ReadAsync(Request(query: "?token=q1"))).ShouldBe(new PresentedCredential("q1", true));
        (await CredentialSources.Body("token").ReadAsync(Request("token=f1", "application/x-www-form-urlencoded"))).ShouldBe(new PresentedCredential("f1", true));

        // The first source where something was presented wins, even a malformed one: it is not passed over for the next.
        var both = Request(query: "?token=q2");
        both.Request.Headers.Authorization = "Basic Zm9vOmJhcg==";
        (await CredentialSources.FirstOf(CredentialSources.Bearer, CredentialSources.Query("token")).ReadAsync(both)).ShouldBe(new PresentedCredential(null, true));
        (await CredentialSources.FirstOf(CredentialSources.Bearer, CredentialSources.Query("token")).ReadAsync(Request(query: "?token=q3"))).ShouldBe(new PresentedCredential("q3", true));
    }

    [Fact]
    public async Task JsonEnvelope_WritesTheProblemInTheDoorsShapeAndCasing()
    {
        var door = new FrontDoor
        {
            Name = "test",
            Json = new JsonSerializerOptions { PropertyNamingPolicy = null },
            Errors = new JsonEnvelopeShape(p => new Envelope(false, p.Detail ?? "", p.Status ?? 500)),
        };
        var http = Request();
        http.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(door), "test"));
        FrontDoor.Of(http).ShouldBeSameAs(door);
        await door.Errors.WriteAsync(http, new ProblemDetails { Status = 404, Detail = "No run '7'." });
        http.Response.StatusCode.ShouldBe(404);
        http.Response.ContentType.ShouldBe("application/json");
        http.Response.Body.Position = 0;
        using var reader = new StreamReader(http.Response.Body);
        (await reader.ReadToEndAsync(TestContext.Current.CancellationToken)).ShouldBe("""{"Success":false,"Message":"No run \u00277\u0027.","Code":404}""");
    }

    [Fact]
    public void RouteWithoutADoor_IsTheNativeApis()
    {
        FrontDoor.Of(new DefaultHttpContext()).ShouldBeSameAs(FrontDoor.Native);
        FrontDoor.Native.Errors.ShouldBeOfType<ProblemDetailsShape>();
    }

    private sealed record Envelope(bool Success, string Message, int Code);
}
