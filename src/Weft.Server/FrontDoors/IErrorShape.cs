using Microsoft.AspNetCore.Mvc;

namespace Weft.Server.FrontDoors;

/// <summary>
/// Writes an error in a front door's shape. Every error is first described as a <see cref="ProblemDetails"/> (status,
/// stable type, title, detail, and extensions such as <c>field</c>, <c>line</c>, <c>errors</c>): by the exception
/// mapping, the access check and the body readers alike; a door turns that into its clients' envelope.
/// </summary>
public interface IErrorShape
{
    Task WriteAsync(HttpContext http, ProblemDetails problem);
}

/// <summary>RFC 9457 problem details (<c>application/problem+json</c>): the native API's errors.</summary>
public sealed class ProblemDetailsShape : IErrorShape
{
    public static ProblemDetailsShape Instance { get; } = new();

    public async Task WriteAsync(HttpContext http, ProblemDetails problem)
    {
        http.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }
}

/// <summary>A vendor's JSON envelope, built from the problem by <paramref name="envelope"/> and written with the door's JSON options.</summary>
public sealed class JsonEnvelopeShape(Func<ProblemDetails, object> envelope, string contentType = "application/json") : IErrorShape
{
    public async Task WriteAsync(HttpContext http, ProblemDetails problem)
    {
        http.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        http.Response.ContentType = contentType;
        var body = envelope(problem);
        await System.Text.Json.JsonSerializer.SerializeAsync(http.Response.Body, body, body.GetType(), FrontDoor.Of(http).JsonOptions(http), http.RequestAborted);
    }
}
