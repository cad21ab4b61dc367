using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Weft.Core.Runs;
using Weft.Core.Services;
using Weft.Server.Auth;
using Weft.Contracts.Runs;
using Weft.Server.Api.Mapping;

namespace Weft.Server.Api;

internal static partial class RunResultApi
{
    public static RouteGroupBuilder MapRunResultApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/namespaces/{ns}/runs").WithTags("Runs").AcceptsNumbers(NumberedIds.Kind.Run);
        group.MapGet("/{id}/result", GetAsync).WithName("GetRunResult").RequireNamespaceRole(NamespaceRole.Viewer)
            .WithSummary("Get an ended run's result; 409 with its status before it ends; ?wait=30s holds the request until it ends (at most 60 s)")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        return group;
    }

    /// <param name="wait">How long to wait for the run to end: <c>30s</c>, <c>500ms</c>, <c>2m</c> or plain seconds; at most 60 s.</param>
    private static async Task<Ok<RunResultResponse>> GetAsync(string ns, string id, RunResultService results, CancellationToken ct, string? wait = null)
    {
        var run = await results.GetAsync(ns, id, Wait(wait), ct);
        return TypedResults.Ok(run.ToResult());
    }

    /// <summary>Reads <c>wait</c>: a number with <c>ms</c>, <c>s</c> or <c>m</c>, or plain seconds; 0 to 60 s.</summary>
    internal static TimeSpan Wait(string? text)
    {
        if (string.IsNullOrEmpty(text)) return TimeSpan.Zero;
        var m = WaitForm().Match(text.Trim());
        if (!m.Success || !double.TryParse(m.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
            throw new BadRequestException($"'wait' must be a duration such as 30s, 500ms, 2m or a number of seconds, not '{text}'.", "wait");
        var seconds = m.Groups[2].Value switch
        {
            "ms" => n / 1000,
            "m" => n * 60,
            _ => n,
        };
        // Compared as a number first: TimeSpan overflows on a large one (wait=99999999999999999999).
        return seconds <= RunResultService.MaxWait.TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw new BadRequestException($"'wait' may be at most {RunResultService.MaxWait.TotalSeconds:0} seconds.", "wait");
    }

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)(ms|s|m)?$")]
    private static partial Regex WaitForm();
}
