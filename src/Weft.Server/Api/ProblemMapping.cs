using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Weft.Contracts.Problems;
using Weft.Core.Dsl;
using Weft.Core.Services;

namespace Weft.Server.Api;

/// <summary>The one place where domain errors become RFC 9457 problem details with a stable type.</summary>
internal sealed partial class ProblemMapping(IProblemDetailsService problems, ILogger<ProblemMapping> log) : IExceptionHandler
{
    public const string TypeBase = "https://weft.dev/problems/";

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var problem = Map(exception);
        if (problem is null)
        {
            LogUnhandled(exception, context.Request.Path);
            problem = new ProblemDetails { Status = 500, Type = TypeBase + "internal", Title = "Internal error", Detail = "The server failed to answer; the error is logged." };
        }
        context.Response.StatusCode = problem.Status ?? 500;
        // The body of a too-large request is left unread: close the connection so the client does not send on it again.
        if (problem.Status == StatusCodes.Status413PayloadTooLarge) context.Response.Headers.Connection = "close";
        // A compatibility surface writes the same problem in its own envelope. The exception handler has cleared the
        // route's endpoint by now; put it back so the door (and its JSON options) is the route's.
        var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        var door = endpoint?.Metadata.GetMetadata<FrontDoors.FrontDoor>() ?? FrontDoors.FrontDoor.Native;
        if (door.Errors is not FrontDoors.ProblemDetailsShape)
        {
            context.SetEndpoint(endpoint);
            await door.Errors.WriteAsync(context, problem);
            return true;
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails? Map(Exception exception) => exception switch
    {
        NotFoundException e => WithLocation(Problem(404, "not-found", "Not found", e.Message), e.Field, null, null),
        ConflictException e => Problem(409, "conflict", "Conflict", e.Message),
        ForbiddenException e => Problem(e.Unidentified ? 401 : 403, e.Unidentified ? "unauthenticated" : "forbidden", e.Unidentified ? "No caller" : "Forbidden", e.Message),
        UnprocessableException e => WithLocation(Problem(422, "unprocessable", "The request cannot be applied", e.Message), e.Field, null, null),
        Weft.Core.Commands.InvalidFieldException e => WithLocation(Problem(400, "bad-request", "Bad request", e.Message), e.Field, null, null),
        BadRequestException e => WithLocation(Problem(e.Status, e.Status == 413 ? "too-large" : "bad-request", e.Status == 413 ? "Body too large" : "Bad request", e.Message), e.Field, e.Line, e.Column),
        DefinitionException e => WithErrors(Problem(e.IsSyntax ? 400 : 422, e.IsSyntax ? "definition-syntax" : "definition-invalid", e.IsSyntax ? "The definition does not parse" : "The definition is not valid", e.Message), e.Problems),
        FieldsException e => WithErrors(Problem(400, "fields-invalid", "Some fields are not valid", e.Message), e.Problems),
        RunNotEndedException e => WithRunStatus(Problem(409, "run-not-ended", "The run has not ended", e.Message), e.Status),
        InputException e => WithErrors(Problem(400, "input-invalid", "The run's input is not valid", e.Message), e.Problems),
        Weft.Core.Runs.ValueLimitException e => Problem(e.TooLarge ? 413 : 400, e.TooLarge ? "too-large" : "too-deep", e.TooLarge ? "Value too large" : "Value nests too deeply", e.Message),
        BadHttpRequestException { StatusCode: 413 } => Problem(413, "too-large", "Body too large", "The body is larger than the limit (Weft:Api:MaxBodyBytes)."),
        BadHttpRequestException e => Problem(e.StatusCode, "bad-request", "Bad request", e.Message),
        _ => null,
    };

    private static ProblemDetails Problem(int status, string type, string title, string detail) =>
        new() { Status = status, Type = TypeBase + type, Title = title, Detail = detail };

    private static ProblemDetails WithLocation(ProblemDetails p, string? field, int? line, int? column)
    {
        if (field is not null) p.Extensions["field"] = field;
        if (line is not null) p.Extensions["line"] = line;
        if (column is not null) p.Extensions["column"] = column;
        return p;
    }

    private static ProblemDetails WithRunStatus(ProblemDetails p, Weft.Core.Runs.RunStatus status)
    {
        p.Extensions["runStatus"] = Weft.Core.Runs.RunStatusNames.ToName(status);
        return p;
    }

    private static ProblemDetails WithErrors(ProblemDetails p, IReadOnlyList<DefinitionProblem> errors)
    {
        p.Extensions["errors"] = errors.Select(e => new ProblemError(e.Message, e.Line, e.Column, e.Step, e.Field)).ToList();
        if (errors.Count > 0 && errors[0].Line is { } line)
        {
            p.Extensions["line"] = line;
            p.Extensions["column"] = errors[0].Column;
        }
        return p;
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Error, Message = "Unhandled error answering {Path}")]
    private partial void LogUnhandled(Exception e, PathString path);
}
