using System.Net;
using System.Text;
using Microsoft.Net.Http.Headers;
using Weft.Server.Auth;

namespace Weft.Server.Api;

/// <summary>
/// <c>GET /</c> until the dashboard exists: where to go from here (the API reference, the OpenAPI document, health,
/// the token endpoint and the guides in the repository's <c>docs/</c>), as HTML, or as JSON when the Accept header
/// prefers it. Open to anyone, so it says nothing a caller without a token may not know: no version, no settings.
/// </summary>
internal static class HomePage
{
    private sealed record Link(string Href, string Title);

    private static readonly Link[] Links =
    [
        new("/docs", "API reference with try-it forms (Swagger UI)"),
        new("/openapi/v1.json", "OpenAPI document"),
        new("/health", "Health"),
        new("/.well-known/openid-configuration", "OpenID Connect discovery (tokens come from /connect/token)"),
    ];

    /// <summary>The guides, as files of the repository (they are not served).</summary>
    public static readonly (string File, string Title)[] Guides =
    [
        ("README.md", "Quickstart: run the server, get a token, deploy and start a run"),
        ("docs/api.md", "The native API, route by route, with curl examples"),
        ("docs/dsl.md", "The workflow definition language"),
        ("docs/security.md", "Identity and access: clients, users, roles, tokens"),
        ("docs/operations.md", "Settings and running in production"),
        ("docs/webhooks.md", "Webhooks"),
        ("docs/architecture.md", "How it is built"),
    ];

    public static void MapHomePage(this IEndpointRouteBuilder app) =>
        app.MapGet("/", Answer).WithName("Home").AllowAnyone().ExcludeFromDescription();

    private static IResult Answer(HttpRequest request) => PrefersJson(request)
        ? TypedResults.Json(new
        {
            name = "Weft",
            links = Links.Select(l => new { href = l.Href, title = l.Title }),
            guides = Guides.Select(g => new { file = g.File, title = g.Title }),
        })
        : TypedResults.Content(Html(), "text/html; charset=utf-8");

    /// <summary>JSON only when the Accept header ranks it above HTML; no header, <c>*/*</c> or a tie is the page.</summary>
    private static bool PrefersJson(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        double Quality(string type) => accept.Where(a => a.MatchesMediaType(type) || (type == "application/json" && a.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)))
            .Select(a => a.Quality ?? 1).DefaultIfEmpty(0).Max();
        return Quality("application/json") > Quality("text/html");
    }

    private static string Html()
    {
        var html = new StringBuilder("""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Weft</title></head>
            <body>
            <h1>Weft</h1>
            <p>A durable workflow server. Every route under <code>/api</code> needs a bearer token from <code>/connect/token</code>.</p>
            <ul>

            """);
        foreach (var link in Links) html.Append($"<li><a href=\"{link.Href}\">{WebUtility.HtmlEncode(link.Title)}</a> <code>{link.Href}</code></li>\n");
        html.Append("</ul>\n<p>Guides, in the repository:</p>\n<ul>\n");
        foreach (var (file, title) in Guides) html.Append($"<li><code>{file}</code>: {WebUtility.HtmlEncode(title)}</li>\n");
        return html.Append("</ul>\n</body></html>\n").ToString();
    }
}
