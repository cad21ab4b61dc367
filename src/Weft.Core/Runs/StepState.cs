using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Weft.Core.Runs;

/// <summary>One step's progress in a run: the latest execution of that step.</summary>
public sealed class StepState
{
    public required string Id { get; init; }

    public required string Kind { get; init; }

    /// <summary>
    /// Where the step runs when it is inside a branch or a loop iteration (for example <c>checks[2]</c>); null at
    /// the top level. A step's state, its work rows and its tasks are addressed by <see cref="Key"/>.
    /// </summary>
    public string? Scope { get; init; }

    /// <summary>The step's address in the run: its id, prefixed with its scope when it has one.</summary>
    [JsonIgnore]
    public string Key => Scope is null ? Id : Scope + "/" + Id;

    /// <summary>running, waiting, retrying, completed, failed, or cancelled (the run was terminated or timed out while in it).</summary>
    public string Status { get; set; } = StepStatuses.Running;

    /// <summary>Attempts made in the current execution of the step.</summary>
    public int Attempts { get; set; }

    /// <summary>Attempts over every execution (a step re-entered by a jump keeps counting); part of the idempotency key.</summary>
    public int TotalAttempts { get; set; }

    public int Executions { get; set; }

    public JsonNode? Output { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>A forEach step's items, evaluated once when it starts.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonArray? Items { get; set; }

    /// <summary>How many iterations a loop step has started.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Started { get; set; }

    /// <summary>The child run a <c>subworkflow</c> step started in its latest attempt.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ChildRunId { get; set; }

    /// <summary>When a timer or retry of this step is due.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? DueAt { get; set; }
}
