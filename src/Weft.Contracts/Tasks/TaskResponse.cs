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
/// <param name="Number">The task's number in its namespace: stable, given when it was first stored, and taken wherever its id is.</param>
public sealed record TaskResponse(
    string Id, string Namespace, string? RunId, string? Step, string Title, string? Description, TaskAssigneeResponse Assignee,
    string Status, IReadOnlyList<TaskFieldResponse> Fields, IReadOnlyList<string> Actions, DateTimeOffset? DueAt,
    DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, string? CompletedBy, string? Action, long Version,
    IReadOnlyList<TaskFileResponse>? Files = null, long Number = 0);
