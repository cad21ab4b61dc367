namespace Weft.Contracts.Tasks;

/// <summary>The body of <c>POST /api/v1/namespaces/{ns}/tasks</c>: a free-standing task.</summary>
/// <param name="Title">Its title.</param>
/// <param name="Description">Its description.</param>
/// <param name="Assignee">Who may act on it; the caller when left out.</param>
/// <param name="Form">Its form's fields.</param>
/// <param name="Actions">The actions it may be completed with (approve and reject when left out).</param>
/// <param name="DueAt">When it is due (ISO 8601).</param>
/// <param name="Files">Files to attach.</param>
public sealed record CreateTaskRequest(
    string Title, string? Description = null, TaskAssigneeResponse? Assignee = null, IReadOnlyList<TaskFormFieldRequest>? Form = null, IReadOnlyList<string>? Actions = null,
    string? DueAt = null, IReadOnlyList<TaskFileRequest>? Files = null);
