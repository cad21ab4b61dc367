using System.Text.Json.Nodes;

namespace Weft.Contracts.Tasks;

/// <summary>The body of <c>POST /api/v1/tasks/{id}/complete</c>.</summary>
/// <param name="Action">One of the task's actions.</param>
/// <param name="Fields">Last field values, field key to value.</param>
public sealed record CompleteTaskRequest(string? Action = null, JsonObject? Fields = null);
