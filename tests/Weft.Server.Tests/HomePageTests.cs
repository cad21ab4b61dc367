using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Shouldly;
using Weft.Server.Tests.Support;
using Xunit;

namespace Weft.Server.Tests;

/// <summary><c>GET /</c>, until the dashboard exists: a page for anyone that says where to go (docs, OpenAPI, health, the guides), and nothing more.</summary>
public sealed class HomePageTests(DefaultServerFixture fixture) : IClassFixture<DefaultServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Anonymous => fixture.Process.AnonymousClient;

    [Fact]
    public async Task Root_Anonymous_AnswersAnHtmlPageLinkingDocsOpenApiAndHealth()
    {
        using var response = await Anonymous.GetAsync("/", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        foreach (var href in new[] { "/docs", "/openapi/v1.json", "/health" })
        {
            html.ShouldContain($"href=\"{href}\"");
            using var linked = await Anonymous.GetAsync(href, Ct);
            linked.IsSuccessStatusCode.ShouldBeTrue(href);
        }
        foreach (Match guide in Regex.Matches(html, "<code>(docs/[a-z]+\\.md|README\\.md)</code>"))
            File.Exists(Path.Combine(ServerProcess.RepoRoot, guide.Groups[1].Value)).ShouldBeTrue(guide.Groups[1].Value);
        html.ShouldContain("docs/api.md");
        Regex.IsMatch(html, @"\d+\.\d+\.\d+").ShouldBeFalse("the page shows no version");
    }

    [Fact]
    public async Task Root_AcceptJson_AnswersTheSameLinksAsJson()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await Anonymous.SendAsync(request, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        body["name"]!.GetValue<string>().ShouldBe("Weft");
        body["links"]!.AsArray().Select(l => l!["href"]!.GetValue<string>()).ShouldBe(["/docs", "/openapi/v1.json", "/health", "/.well-known/openid-configuration"]);
        foreach (var guide in body["guides"]!.AsArray())
            File.Exists(Path.Combine(ServerProcess.RepoRoot, guide!["file"]!.GetValue<string>())).ShouldBeTrue();
    }

    [Fact]
    public async Task Root_BrowserAccept_PrefersHtml()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        using var response = await Anonymous.SendAsync(request, Ct);

        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
    }
}
