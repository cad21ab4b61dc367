using System.Text.Json.Nodes;
using Weft.Core.Storage;
using Weft.Core.Users;

namespace Weft.Core.Commands;

/// <summary>
/// Creates a free-standing task (one that no run waits on): what the native API's <c>POST .../tasks</c> and the
/// surfaces' task creation build. Checked by <see cref="TaskValidation"/>; carried out by <c>TaskService.CreateAsync</c>.
/// </summary>
public sealed record CreateTask
{
    public required string Namespace { get; init; }

    public string? Title { get; init; }

    public string? Description { get; init; }

    /// <summary>Exactly one of user, role, filter; null: the caller (<see cref="CreatedBy"/>).</summary>
    public TaskAssignee? Assignee { get; init; }

    public IReadOnlyList<NewFormField>? Form { get; init; }

    /// <summary>The actions that complete it; null: approve and reject.</summary>
    public IReadOnlyList<string>? Actions { get; init; }

    public DateTimeOffset? DueAt { get; init; }

    public IReadOnlyList<NewTaskFile>? Files { get; init; }

    /// <summary>The caller's user id, the assignee when none is given.</summary>
    public string? CreatedBy { get; init; }
}

/// <summary>Who may act on a task: a user, holders of a role, or the users a <c>${ }</c> filter over <c>user</c> holds true for.</summary>
public sealed record TaskAssignee(string? User = null, string? Role = null, string? Filter = null);

/// <summary>A form field as a request gives it (its type by name; <see cref="Default"/> checked against it).</summary>
public sealed record NewFormField(string? Key, string? Label = null, string? Type = null, bool Required = false, bool Readonly = false, IReadOnlyList<string>? Options = null, JsonNode? Default = null);

/// <summary>Completes an open task with one of its actions, with field values over the task's.</summary>
public sealed record CompleteTask(string TaskId, string? Action, JsonObject? Fields, UserInfo? Caller);

/// <summary>Takes a task assigned to a role or a filter (that the caller matches) as the caller's own: it leaves the others' inboxes.</summary>
public sealed record ClaimTask(string TaskId, UserInfo? Caller);
