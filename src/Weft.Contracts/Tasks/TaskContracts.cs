using System.Text.Json.Nodes;

namespace Weft.Contracts.Tasks;

/// <summary>A task as the inbox shows it: its form's fields with their current values.</summary>
/// <param name="Id">The task's id.</param>
/// <param name="Namespace">Its namespace.</param>
/// <param name="RunId">The run it is part of; none for a free-standing task.</param>
/// <param name="Step">The run's human step.</param>
/// <param name="Title">Its title.</param>
/// <param name="Description">Its description.</param>
/// <param name="Assignee">Who may act on it.</param>
/// <param name="Status">open, completed or cancelled.</param>
/// <param name="Fields">Its form's fields with their values.</param>
/// <param name="Actions">The actions it may be completed with.</param>
/// <param name="DueAt">When it is due.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="CompletedAt">When it was completed.</param>
/// <param name="CompletedBy">Who completed it.</param>
/// <param name="Action">The action it was completed with.</param>
/// <param name="Version">Its version, raised by every change.</param>
/// <param name="Files">Its files (when one task is asked for).</param>
public sealed record TaskResponse(
    string Id, string Namespace, string? RunId, string? Step, string Title, string? Description, TaskAssigneeResponse Assignee,
    string Status, IReadOnlyList<TaskFieldResponse> Fields, IReadOnlyList<string> Actions, DateTimeOffset? DueAt,
    DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, string? CompletedBy, string? Action, long Version,
    IReadOnlyList<TaskFileResponse>? Files = null);

/// <summary>Who may act on a task: exactly one of a user, a role, or a filter expression.</summary>
/// <param name="User">A user id.</param>
/// <param name="Role">A task role.</param>
/// <param name="Filter">An expression over the user, such as <c>${ user.attributes.dept == 'sales' }</c>.</param>
public sealed record TaskAssigneeResponse(string? User = null, string? Role = null, string? Filter = null);

/// <summary>A field of a task's form with its current value.</summary>
/// <param name="Key">Its key.</param>
/// <param name="Label">Its label.</param>
/// <param name="Type">string, number, integer, boolean, datetime, decimal or choice.</param>
/// <param name="Required">Whether completing needs it.</param>
/// <param name="Readonly">Whether it may be written.</param>
/// <param name="Options">A choice field's options.</param>
/// <param name="Value">Its current value.</param>
public sealed record TaskFieldResponse(string Key, string Label, string Type, bool Required, bool Readonly, IReadOnlyList<string>? Options, JsonNode? Value);

/// <summary>A file attached to a task.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="ContentType">Its media type.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="CreatedAt">When it was attached.</param>
public sealed record TaskFileResponse(string Id, string Name, string ContentType, long Size, DateTimeOffset CreatedAt);

/// <summary>A page of tasks.</summary>
/// <param name="Items">The tasks.</param>
/// <param name="NextCursor">The cursor of the next page.</param>
public sealed record TaskListResponse(IReadOnlyList<TaskResponse> Items, string? NextCursor);

/// <summary>The body of <c>POST /api/v1/tasks/{id}/complete</c>.</summary>
/// <param name="Action">One of the task's actions.</param>
/// <param name="Fields">Last field values, field key to value.</param>
public sealed record CompleteTaskRequest(string? Action = null, JsonObject? Fields = null);

/// <summary>The body of <c>POST /api/v1/namespaces/{ns}/tasks</c>: a free-standing task.</summary>
/// <param name="Title">Its title.</param>
/// <param name="Description">Its description.</param>
/// <param name="Assignee">Who may act on it; the caller when left out.</param>
/// <param name="Form">Its form: a list of fields <c>{ key, label, type, required, readonly, options, default }</c>.</param>
/// <param name="Actions">The actions it may be completed with (approve and reject when left out).</param>
/// <param name="DueAt">When it is due (ISO 8601).</param>
/// <param name="Files">Files to attach: <c>{ name, contentType, content }</c> with the content in base64.</param>
public sealed record CreateTaskRequest(
    string Title, string? Description = null, TaskAssigneeResponse? Assignee = null, JsonArray? Form = null, IReadOnlyList<string>? Actions = null,
    string? DueAt = null, JsonArray? Files = null);
