using System.Text.Json.Nodes;
using Weft.Core.Tasks;

namespace Weft.Server.Api;

/// <summary>A task as the inbox shows it: its form's fields with their current values.</summary>
public sealed record TaskResponse(
    string Id, string Namespace, string? RunId, string? Step, string Title, string? Description, TaskAssigneeResponse Assignee,
    string Status, IReadOnlyList<TaskFieldResponse> Fields, IReadOnlyList<string> Actions, DateTimeOffset? DueAt,
    DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, string? CompletedBy, string? Action, long Version,
    IReadOnlyList<TaskFileResponse>? Files = null, long Number = 0)
{
    public static TaskResponse From(TaskRecord t, IReadOnlyList<TaskFileInfo>? files = null) => new(
        t.Id, t.Namespace, t.RunId, t.Step, t.Title, t.Description, new TaskAssigneeResponse(t.AssigneeUser, t.AssigneeRole, t.AssigneeFilter),
        t.Status, t.Form.Select(f => new TaskFieldResponse(f.Key, f.Label, f.Type.ToString().ToLowerInvariant(), f.Required, f.Readonly, f.Options, t.Values[f.Key]?.DeepClone())).ToList(),
        t.Actions, t.DueAt, t.CreatedAt, t.CompletedAt, t.CompletedBy, t.Action, t.Version,
        files?.Select(TaskFileResponse.From).ToList(), t.Number);
}

public sealed record TaskAssigneeResponse(string? User, string? Role, string? Filter);

public sealed record TaskFieldResponse(string Key, string Label, string Type, bool Required, bool Readonly, IReadOnlyList<string>? Options, JsonNode? Value);

public sealed record TaskFileResponse(string Id, string Name, string ContentType, long Size, DateTimeOffset CreatedAt)
{
    public static TaskFileResponse From(TaskFileInfo f) => new(f.Id, f.Name, f.ContentType, f.Size, f.CreatedAt);
}

public sealed record TaskListResponse(IReadOnlyList<TaskResponse> Items, string? NextCursor);

/// <summary>The body of <c>POST /api/v1/tasks/{id}/complete</c>.</summary>
public sealed record CompleteTaskRequest(string Action, JsonObject? Fields);

/// <summary>The body of <c>POST /api/v1/namespaces/{ns}/tasks</c>: a free-standing task.</summary>
public sealed record CreateTaskRequest(string Title, string? Description, TaskAssigneeResponse Assignee, JsonArray? Form, IReadOnlyList<string>? Actions, DateTimeOffset? DueAt);
