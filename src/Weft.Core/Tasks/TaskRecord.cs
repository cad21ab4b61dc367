using System.Text.Json.Nodes;

namespace Weft.Core.Tasks;

/// <summary>
/// A task for a person, as stored: made by a run's <c>human</c> step (<see cref="RunId"/>, <see cref="Step"/> and
/// <see cref="Attempt"/> point back at it) or free-standing. <see cref="Version"/> fences concurrent writers.
/// </summary>
public sealed class TaskRecord
{
    public required string Id { get; init; }

    public required string Namespace { get; init; }

    public string? RunId { get; init; }

    /// <summary>The step's key in its run (<c>StepState.Key</c>).</summary>
    public string? Step { get; init; }

    public int Attempt { get; init; }

    public required string Title { get; init; }

    public string? Description { get; init; }

    public string? AssigneeUser { get; set; }

    public string? AssigneeRole { get; set; }

    /// <summary>A <c>${ }</c> expression over <c>user</c> (id, email, name, roles, attributes); users it holds true for may act.</summary>
    public string? AssigneeFilter { get; set; }

    public IReadOnlyList<FormField> Form { get; init; } = [];

    /// <summary>The fields' current values by key.</summary>
    public JsonObject Values { get; set; } = [];

    public IReadOnlyList<string> Actions { get; init; } = ["approve", "reject"];

    public string Status { get; set; } = TaskStates.Open;

    public DateTimeOffset? DueAt { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; set; }

    public string? CompletedBy { get; set; }

    public string? Action { get; set; }

    public long Version { get; set; }

    /// <summary>The task's number in its namespace, given by the store when the task is first written and never changed; 0 before that.</summary>
    public long Number { get; set; }
}
