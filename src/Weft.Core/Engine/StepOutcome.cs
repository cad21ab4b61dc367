using System.Text.Json.Nodes;
using Weft.Core.Runs;

namespace Weft.Core.Engine;

/// <summary>What an activity did with a step.</summary>
internal abstract record StepOutcome
{
    /// <summary>The step is done; the run moves to <paramref name="Goto"/> or the step after.</summary>
    public sealed record Completed(JsonNode? Result, string? Goto = null) : StepOutcome;

    /// <summary>The step failed; retried while its policy allows when <paramref name="Retryable"/>.</summary>
    public sealed record Failed(string Error, bool Retryable = true) : StepOutcome;

    /// <summary>
    /// The step waits on the outside world; the run is checkpointed with <paramref name="Work"/> (an HTTP call or a
    /// timer), or with no work row when what it waits for arrives as a <see cref="WorkKind.Signal"/> (an event, a task,
    /// an integration item, a child run). The activity records its own history event for those.
    /// </summary>
    public sealed record Suspended(string StepStatus, RunStatus RunStatus, NewWork? Work, DateTimeOffset? DueAt) : StepOutcome;

    /// <summary>The run ends here with the given status.</summary>
    public sealed record Finish(RunStatus Status, JsonNode? Output, string? Error) : StepOutcome;
}
