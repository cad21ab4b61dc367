using System.Text.Json.Nodes;

namespace Weft.Core.Runs;

/// <summary>What a row of the work queue asks for.</summary>
public enum WorkKind
{
    /// <summary>Start or continue a run.</summary>
    Advance = 0,

    /// <summary>A delay or until step's time has come.</summary>
    Timer = 1,

    /// <summary>A failed step's wait before its next attempt is over.</summary>
    Retry = 2,

    /// <summary>Send an http step's request, then advance with its response.</summary>
    Http = 3,

    /// <summary>The run's own timeout has passed.</summary>
    RunTimeout = 4,

    /// <summary>
    /// Something from outside arrived for a waiting step (an event, a task's completion, a worker's result, a
    /// child run's end). <see cref="WorkItem.Step"/> is the step's key, <see cref="WorkItem.Attempt"/> the attempt
    /// it answers, and the payload is handed to the step's activity (<c>IActivity.Resume</c>).
    /// </summary>
    Signal = 5,

    /// <summary>
    /// Create the child run a <c>subworkflow</c> step asked for (payload: namespace, definition, version, input,
    /// childId); the child's insert is refused when it exists already, so running the row twice makes one child.
    /// </summary>
    StartChild = 6,

    /// <summary>End the run because its parent run ended (written by the parent's run-ended statements).</summary>
    Cancel = 7,
}

/// <summary>A claimed row of the work queue; <see cref="Token"/> fences the claim.</summary>
public sealed record WorkItem(string Id, string RunId, WorkKind Kind, string? Step, int Attempt, DateTimeOffset DueAt, long Token, JsonObject? Payload);

/// <summary>A work row to insert with a checkpoint. When <see cref="Claimed"/>, the writing node holds it already and runs it at once.</summary>
public sealed record NewWork(string Id, WorkKind Kind, string? Step, int Attempt, DateTimeOffset DueAt, JsonObject? Payload, bool Claimed);
