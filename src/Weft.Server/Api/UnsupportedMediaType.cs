using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Template;

namespace Weft.Server.Api;

/// <summary>
/// Says in a 415 which content types the route takes. Routing answers 415 itself (from the routes' <c>Accepts</c>)
/// without naming the route, so the routes that match the path and method are looked up here; 415s are rare.
/// </summary>
internal static class UnsupportedMediaType
{
    public static void Describe(ProblemDetailsContext context)
    {
        if (context.ProblemDetails.Status != StatusCodes.Status415UnsupportedMediaType) return;
        var http = context.HttpContext;
        var types = AcceptedBy(http).ToList();
        if (types.Count == 0) return;
        var given = string.IsNullOrEmpty(http.Request.ContentType) ? "none" : $"'{http.Request.ContentType}'";
        context.ProblemDetails.Type = ProblemMapping.TypeBase + "unsupported-media-type";
        context.ProblemDetails.Detail = $"This route takes {string.Join(", ", types)}; the request's Content-Type is {given}.";
        context.ProblemDetails.Extensions["accepts"] = types;
    }

    private static IEnumerable<string> AcceptedBy(HttpContext http)
    {
        var method = http.Request.Method;
        foreach (var endpoint in http.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is not { ContentTypes.Count: > 0 } accepts) continue;
            if (endpoint.Metadata.GetMetadata<HttpMethodMetadata>() is { } methods && !methods.HttpMethods.Contains(method, StringComparer.OrdinalIgnoreCase)) continue;
            var matcher = new TemplateMatcher(TemplateParser.Parse(endpoint.RoutePattern.RawText ?? ""), []);
            if (!matcher.TryMatch(http.Request.Path, [])) continue;
            foreach (var type in accepts.ContentTypes) yield return type;
        }
    }
}
