using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Weft.Core.Commands;
using Weft.Core.Runs;
using Weft.Core.Services;
using Weft.Core.Storage;

using Weft.Server.Auth;
using Weft.Contracts;
using Weft.Contracts.Runs;
using Weft.Server.Api.Mapping;

namespace Weft.Server.Api;

internal static class RunsApi
{
    /// <summary>How many <c>tag</c> filters one list may give (each is a condition in the store's query, which has a size limit).</summary>
    public const int MaxTagFilters = 20;

    private static readonly BodyRules TerminateBody = new("{ \"reason\": \"...\" }");

    public static RouteGroupBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/namespaces/{ns}/runs").WithTags("Runs").AcceptsNumbers(NumberedIds.Kind.Run);
        group.MapPost("/", StartAsync).WithName("StartRun").RequireNamespaceRole(NamespaceRole.Operator)
            .WithSummary("Start a run of a definition (latest version unless one is given) with typed input")
            .Accepts<StartRunRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(413);
        group.MapGet("/", ListAsync).WithName("ListRuns").RequireNamespaceRole(NamespaceRole.Viewer)
            .WithSummary("List runs: filter by definition, status, creation time, parent run and case; sort by creation time; page with a cursor")
            .ProducesProblem(400).ProducesProblem(404);
        group.MapGet("/{id}", GetAsync).WithName("GetRun").RequireNamespaceRole(NamespaceRole.Viewer).WithSummary("Get a run with its variables, output, error and every step").ProducesProblem(404);
        group.MapGet("/{id}/history", HistoryAsync).WithName("GetRunHistory").RequireNamespaceRole(NamespaceRole.Viewer).WithSummary("Get a run's history events in order").ProducesProblem(404);
        group.MapPost("/{id}/terminate", TerminateAsync).WithName("TerminateRun").RequireNamespaceRole(NamespaceRole.Operator)
            .WithSummary("End a run that has not ended; its timers and pending work are dropped")
            .Accepts<TerminateRequest>(true, "application/json")
            .ProducesProblem(404).ProducesProblem(409);
        return group;
    }

    private static async Task<Results<Created<RunResponse>, Ok<RunResponse>>> StartAsync(string ns, HttpRequest request, RunStarter starter, CancellationToken ct)
    {
        var body = (await RequestBody.RequireAsync(request, WeftJsonContext.Default.StartRunRequest, StartRunBody.Rules, ct)).Value;
        var start = StartRunMapping.ToCommand(ns, body) with
        {
            Initiator = Caller.From(request.HttpContext)?.Id,
            ActingClient = Caller.ActingClient(request.HttpContext),
            IdempotencyKey = RunControlApi.Key(request),
        };
        var started = await starter.StartAsync(start, ct);
        // A repeated start with the same Idempotency-Key answers the run the first one made, as 200.
        return started.Created
            ? TypedResults.Created($"/api/v1/namespaces/{ns}/runs/{started.Run.Id}", RunMapping.ToResponse(started.Run))
            : TypedResults.Ok(RunMapping.ToResponse(started.Run));
    }

    /// <param name="iterations"><c>true</c>: add <c>iterations</c>, each loop iteration with its item, status and steps.</param>
    private static async Task<Ok<RunResponse>> GetAsync(string ns, string id, RunService runs, CancellationToken ct, string? iterations = null) =>
        TypedResults.Ok(RunMapping.Answer(await runs.GetAsync(ns, id, ct), iterations));

    private static async Task<Ok<HistoryResponse>> HistoryAsync(string ns, string id, RunService runs, CancellationToken ct) =>
        TypedResults.Ok(new HistoryResponse(id, [.. (await runs.HistoryAsync(ns, id, ct)).Select(e => e.ToResponse())]));

    private static async Task<Ok<RunResponse>> TerminateAsync(string ns, string id, HttpRequest request, RunControl control, CancellationToken ct)
    {
        var reason = (await RequestBody.ReadAsync(request, WeftJsonContext.Default.TerminateRequest, TerminateBody, ct))?.Value.Reason;
        return await RunControlApi.ApplyAsync(request, control, new ControlRun(ns, id, RunAction.Terminate, reason), ct);
    }

    /// <param name="definition">Only runs of this definition.</param>
    /// <param name="status">One or more statuses, comma-separated: queued, running, waiting, paused, completed, failed, terminated, timedOut.</param>
    /// <param name="createdFrom">Runs created at or after this time (ISO 8601).</param>
    /// <param name="createdTo">Runs created before this time (ISO 8601).</param>
    /// <param name="updatedFrom">Runs last changed at or after this time (ISO 8601).</param>
    /// <param name="updatedTo">Runs last changed before this time (ISO 8601).</param>
    /// <param name="parentRunId">Only the child runs that this run's subworkflow steps started.</param>
    /// <param name="tag">A tag as <c>key:value</c>; repeat it to ask for several (all must match).</param>
    /// <param name="businessKey">Only the run with this business key.</param>
    /// <param name="initiator">Only runs started by this caller (user id).</param>
    /// <param name="caseId">Only the runs of this case (query parameter <c>case</c>).</param>
    /// <param name="q">Partial, case-insensitive match on the definition name or the business key.</param>
    /// <param name="sort"><c>createdAt</c>, <c>updatedAt</c>, <c>definition</c> or <c>status</c>, with <c>:asc</c> or <c>:desc</c> (default <c>createdAt:desc</c>; <c>-createdAt</c> also works).</param>
    /// <param name="limit">Page size, 1 to 500 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="offset">Offset paging: skip this many rows; the answer then carries <c>total</c> and no cursor.</param>
    private static async Task<Ok<RunListResponse>> ListAsync(
        string ns, RunService runs, CancellationToken ct,
        string? definition = null, string? status = null, string? createdFrom = null, string? createdTo = null,
        string? sort = null, string? limit = null, string? cursor = null, string? parentRunId = null,
        string[]? tag = null, string? businessKey = null, string? initiator = null, string? updatedFrom = null, string? updatedTo = null,
        string? q = null, string? offset = null, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "case")] string? caseId = null)
    {
        var statuses = new List<RunStatus>();
        foreach (var s in (status ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var st = Weft.Core.Runs.RunStatusNames.TryParse(s, out var parsed) ? parsed : throw new BadRequestException($"Unknown status '{s}' (queued, running, waiting, paused, completed, failed, terminated, timedOut).", "status");
            if (!statuses.Contains(st)) statuses.Add(st);
        }
        var (order, descending) = Sort(sort);
        var size = 50;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > 500))
            throw new BadRequestException("'limit' must be a whole number from 1 to 500.", "limit");
        int? skip = null;
        if (offset is not null)
        {
            skip = int.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o : throw new BadRequestException("'offset' must be a whole number, 0 or more.", "offset");
            if (!string.IsNullOrEmpty(cursor)) throw new BadRequestException("Give 'offset' or 'cursor', not both.", "offset");
        }
        if (tag?.Length > MaxTagFilters) throw new BadRequestException($"At most {MaxTagFilters} 'tag' filters, not {tag.Length}.", "tag");
        var tags = new List<KeyValuePair<string, string>>();
        foreach (var t in tag ?? [])
        {
            var colon = t.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) throw new BadRequestException($"'tag' must be key:value, not '{t}'.", "tag");
            tags.Add(new(t[..colon], t[(colon + 1)..]));
        }
        var query = new RunQuery(ns, definition, statuses, Time(createdFrom, "createdFrom"), Time(createdTo, "createdTo"), descending, size, DecodeCursor(cursor, order), string.IsNullOrEmpty(parentRunId) ? null : parentRunId)
        {
            Tags = tags,
            BusinessKey = string.IsNullOrEmpty(businessKey) ? null : businessKey,
            Initiator = string.IsNullOrEmpty(initiator) ? null : initiator,
            CaseId = string.IsNullOrEmpty(caseId) ? null : caseId,
            UpdatedFrom = Time(updatedFrom, "updatedFrom"),
            UpdatedTo = Time(updatedTo, "updatedTo"),
            Search = string.IsNullOrEmpty(q) ? null : q,
            Sort = order,
            Offset = skip,
        };
        var page = await runs.ListAsync(query, ct);
        return TypedResults.Ok(new RunListResponse(page.Runs.Select(r => r.ToSummary()).ToList(), EncodeCursor(page.Next, order), page.Total, page.TotalEstimated ? true : null));
    }

    private static (RunSort Sort, bool Descending) Sort(string? text)
    {
        if (string.IsNullOrEmpty(text)) return (RunSort.CreatedAt, true);
        if (text == "-createdAt") return (RunSort.CreatedAt, true);
        if (text == "+createdAt") return (RunSort.CreatedAt, false);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var field = colon < 0 ? text : text[..colon];
        var dir = colon < 0 ? "asc" : text[(colon + 1)..];
        RunSort? sort = field switch
        {
            "createdAt" => RunSort.CreatedAt,
            "updatedAt" => RunSort.UpdatedAt,
            "definition" or "name" => RunSort.Definition,
            "status" => RunSort.Status,
            _ => null,
        };
        if (sort is null || dir is not ("asc" or "desc"))
            throw new BadRequestException($"Unknown sort '{text}' (createdAt, updatedAt, definition (or name) or status, with :asc or :desc).", "sort");
        return (sort.Value, dir == "desc");
    }

    private static DateTimeOffset? Time(string? text, string field)
    {
        if (string.IsNullOrEmpty(text)) return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : throw new BadRequestException($"'{field}' must be an ISO 8601 date and time.", field);
    }

    internal static string? EncodeCursor(RunCursor? cursor, RunSort sort) => cursor is null
        ? null
        : Convert.ToBase64String(Encoding.UTF8.GetBytes(sort == RunSort.CreatedAt
            ? $"{cursor.CreatedAt.ToUnixTimeMilliseconds()}:{cursor.Id}"
            : $"{cursor.CreatedAt.ToUnixTimeMilliseconds()}:{cursor.Id}:{(int)sort}:{cursor.SortValue}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static RunCursor? DecodeCursor(string? text, RunSort sort)
    {
        if (string.IsNullOrEmpty(text)) return null;
        try
        {
            var b64 = text.Replace('-', '+').Replace('_', '/');
            b64 += new string('=', (4 - b64.Length % 4) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(b64)).Split(':', 4);
            var at = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[0], CultureInfo.InvariantCulture));
            if (sort == RunSort.CreatedAt && parts.Length == 2) return new RunCursor(at, parts[1]);
            if (parts.Length == 4 && parts[2] == ((int)sort).ToString(CultureInfo.InvariantCulture)) return new RunCursor(at, parts[1]) { SortValue = parts[3] };
            throw new FormatException("The cursor is for another sort.");
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException or IndexOutOfRangeException)
        {
            throw new BadRequestException("'cursor' is not a cursor this server gave out (for this sort).", "cursor");
        }
    }
}
