using Weft.Core.Commands;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Weft.Core.Services;
using Weft.Core.Tasks;

using Weft.Server.Auth;
using Weft.Contracts;
using Weft.Contracts.Tasks;
using Weft.Server.Api.Mapping;

namespace Weft.Server.Api;

/// <summary>Tasks for people: the inbox, a task's fields, completion with an action, free-standing tasks and their files.</summary>
internal static class TasksApi
{
    public static IEndpointRouteBuilder MapTasksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/tasks").WithTags("Tasks").AcceptsNumbers(NumberedIds.Kind.Task);
        group.MapGet("/", ListAsync).WithName("ListTasks").RequireSignedIn()
            .WithSummary("List tasks: assignee=me (the caller's inbox) or a user id, status, namespace, runId; newest first, paged with a cursor")
            .ProducesProblem(400).ProducesProblem(401);
        group.MapGet("/{id}", GetAsync).WithName("GetTask").RequireSignedIn().WithSummary("Get a task with its fields, their current values, its actions and files").ProducesProblem(404);
        group.MapPost("/{id}/fields", WriteFieldsAsync).WithName("WriteTaskFields").RequireSignedIn()
            .WithSummary("Write some of an open task's fields: a JSON object of field key to value (type-checked; readonly fields refused)")
            .Accepts<System.Text.Json.Nodes.JsonObject>("application/json")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        group.MapPost("/{id}/complete", CompleteAsync).WithName("CompleteTask").RequireSignedIn()
            .WithSummary("Complete an open task with one of its actions (and last field values); the waiting run goes on")
            .Accepts<CompleteTaskRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        group.MapPost("/{id}/claim", ClaimAsync).WithName("ClaimTask").RequireSignedIn()
            .WithSummary("Take a task assigned to a role or a filter that you match as your own: it leaves the others' inboxes")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        group.MapPost("/{id}/files", AddFileAsync).WithName("AddTaskFile").RequireSignedIn()
            .WithSummary("Attach a file to an open task: multipart/form-data, or the raw body with ?name=")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(413);
        group.MapGet("/{id}/files", ListFilesAsync).WithName("ListTaskFiles").RequireSignedIn().WithSummary("List a task's files").ProducesProblem(404);
        group.MapGet("/{id}/files/{fileId}", GetFileAsync).WithName("GetTaskFile").RequireSignedIn().WithSummary("Download one of a task's files").ProducesProblem(404);
        app.MapPost("/api/v1/namespaces/{ns}/tasks", CreateAsync).WithTags("Tasks").WithName("CreateTask").RequireNamespaceRole(NamespaceRole.Operator)
            .WithSummary("Create a free-standing task (not part of a run) with title, description, assignee, form and actions")
            .Accepts<CreateTaskRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(404);
        return app;
    }

    /// <param name="assignee"><c>me</c> (the caller, from the bearer token) or a user id: tasks that user may act on. Left out: every task.</param>
    /// <param name="status">open, completed or cancelled.</param>
    /// <param name="namespace">Only tasks of this namespace.</param>
    /// <param name="runId">Only tasks of this run.</param>
    /// <param name="limit">Page size, 1 to 500 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    private static async Task<Ok<TaskListResponse>> ListAsync(
        HttpContext http, TaskService tasks, CancellationToken ct,
        string? assignee = null, string? status = null, string? @namespace = null, string? runId = null, string? limit = null, string? cursor = null)
    {
        Weft.Core.Users.UserInfo? inbox = null;
        if (assignee == "me")
            inbox = Caller.From(http) ?? throw new ForbiddenException("assignee=me needs a signed-in caller.", unidentified: true);
        else if (!string.IsNullOrEmpty(assignee))
            inbox = await Caller.LookupAsync(http, assignee, ct);
        if (status is not null && !TaskStates.IsKnown(status)) throw new BadRequestException("'status' must be open, completed or cancelled.", "status");
        var size = 50;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > 500))
            throw new BadRequestException("'limit' must be a whole number from 1 to 500.", "limit");
        var page = await tasks.ListAsync(@namespace, runId, status, inbox, size, cursor, ct);
        return TypedResults.Ok(new TaskListResponse([.. page.Items.Select(t => ResourceMapping.ToResponse(t))], page.NextCursor));
    }

    private static async Task<Ok<TaskResponse>> GetAsync(string id, TaskService tasks, CancellationToken ct)
    {
        var task = await tasks.GetAsync(id, ct);
        return TypedResults.Ok(ResourceMapping.ToResponse(task, await tasks.ListFilesAsync(id, ct)));
    }

    private static async Task<Ok<TaskResponse>> WriteFieldsAsync(string id, HttpContext http, TaskService tasks, CancellationToken ct)
    {
        var body = await RequestBody.ReadJsonAsync(http.Request, ct) as JsonObject
            ?? throw new BadRequestException("The body must be a JSON object of field keys to values, such as { \"comment\": \"ok\" }.");
        return TypedResults.Ok(ResourceMapping.ToResponse(await tasks.WriteFieldsAsync(id, body, Caller.From(http), ct)));
    }

    private static readonly BodyRules CompleteBody = new("{ \"action\": \"approve\", \"fields\": { ... } }");

    private static readonly BodyRules CreateBody = new("{ \"title\": \"...\", \"assignee\": { \"user\": \"...\" } }");

    private static async Task<Ok<TaskResponse>> CompleteAsync(string id, HttpContext http, TaskService tasks, CancellationToken ct)
    {
        var body = (await RequestBody.RequireAsync(http.Request, WeftJsonContext.Default.CompleteTaskRequest, CompleteBody, ct)).Value;
        return TypedResults.Ok(ResourceMapping.ToResponse(await tasks.CompleteAsync(new CompleteTask(id, body.Action, body.Fields, Caller.From(http)), ct)));
    }

    private static async Task<Created<TaskResponse>> CreateAsync(string ns, HttpContext http, TaskService tasks, CancellationToken ct)
    {
        var body = (await RequestBody.RequireAsync(http.Request, WeftJsonContext.Default.CreateTaskRequest, CreateBody, ct)).Value;
        var (task, stored) = await tasks.CreateAsync(TaskRequestReader.Read(ns, body, Caller.From(http)?.Id), ct);
        return TypedResults.Created($"/api/v1/tasks/{task.Id}", ResourceMapping.ToResponse(task, stored));
    }

    private static async Task<Ok<TaskResponse>> ClaimAsync(string id, HttpContext http, TaskService tasks, CancellationToken ct) =>
        TypedResults.Ok(ResourceMapping.ToResponse(await tasks.ClaimAsync(new ClaimTask(id, Caller.From(http)), ct)));

    private static async Task<Created<TaskFileResponse>> AddFileAsync(string id, HttpContext http, TaskService tasks, IOptions<ApiOptions> options, CancellationToken ct, string? name = null)
    {
        var limit = options.Value.MaxBodyBytes;
        string contentType;
        byte[] content;
        if (http.Request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await http.Request.ReadFormAsync(ct);
            }
            catch (Exception e) when (e is InvalidDataException || (e is IOException && e is not BadHttpRequestException))
            {
                // A body that ends before its closing boundary fails as an IOException ("Unexpected end of Stream").
                throw new BadRequestException("The multipart body cannot be read: " + (e is InvalidDataException ? e.Message : "it ends before its closing boundary."), "file");
            }
            var file = (form.Files.Count > 0 ? form.Files[0] : null) ?? throw new BadRequestException("The multipart body holds no file.", "file");
            if (file.Length > limit) throw TooLarge(limit);
            name = string.IsNullOrEmpty(name) ? file.FileName : name;
            contentType = string.IsNullOrEmpty(file.ContentType) ? "application/octet-stream" : file.ContentType;
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            content = buffer.ToArray();
        }
        else
        {
            contentType = string.IsNullOrEmpty(http.Request.ContentType) ? "application/octet-stream" : http.Request.ContentType;
            content = await ReadBytesAsync(http.Request, limit, ct);
        }
        if (string.IsNullOrWhiteSpace(name) || name.Length > 255 || name.IndexOfAny(['/', '\\', '\0']) >= 0)
            throw new BadRequestException("'name' is required (the file's name, at most 255 characters, no slashes): ?name= or the multipart file name.", "name");
        var info = await tasks.AddFileAsync(id, name, contentType, content, Caller.From(http), ct);
        return TypedResults.Created($"/api/v1/tasks/{id}/files/{info.Id}", ResourceMapping.ToResponse(info));
    }

    private static async Task<Ok<IReadOnlyList<TaskFileResponse>>> ListFilesAsync(string id, TaskService tasks, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<TaskFileResponse>>([.. (await tasks.ListFilesAsync(id, ct)).Select(f => f.ToResponse())]);

    private static async Task<FileContentHttpResult> GetFileAsync(string id, string fileId, TaskService tasks, CancellationToken ct)
    {
        var (info, content) = await tasks.GetFileAsync(id, fileId, ct);
        return TypedResults.File(content, info.ContentType, info.Name);
    }

    private static async Task<byte[]> ReadBytesAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        if (request.ContentLength > limit) throw TooLarge(limit);
        RequestBody.CountedHere(request);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        try
        {
            while ((n = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + n > limit) throw TooLarge(limit);
                buffer.Write(chunk, 0, n);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(limit);
        }
        return buffer.ToArray();
    }

    private static BadRequestException TooLarge(long limit) =>
        new($"The file is larger than the limit of {limit} bytes (Weft:Api:MaxBodyBytes).", status: StatusCodes.Status413PayloadTooLarge);
}
