using System.Text.Json.Nodes;

namespace Weft.Core.Commands;

/// <summary>What an operator does to a run that is going (or stopped).</summary>
public enum RunAction
{
    /// <summary>Stop where it stands; its timers and work wait until it is resumed.</summary>
    Pause,

    Resume,

    /// <summary>Run a failed run's failed step again.</summary>
    Retry,

    /// <summary>Go on past a failed step as if it had been handled.</summary>
    ResumeWithErrors,

    /// <summary>End it; its timers and pending work are dropped.</summary>
    Terminate,
}

/// <summary>
/// One control action on one run, as every front door asks for it (the native API's <c>/pause</c>, a surface's
/// <c>abort</c>...), carried out by <c>RunControl.ApplyAsync</c>. With an idempotency key a repeated request answers
/// as the first did.
/// </summary>
public sealed record ControlRun(string Namespace, string RunId, RunAction Action, string? Reason = null, string? By = null, string? IdempotencyKey = null)
{
    public const int MaxKey = 200;

    /// <summary>Throws <see cref="InvalidFieldException"/> for a field that does not fit (the reason is bounded by the body limit only, as a run's other values).</summary>
    public void Check()
    {
        if (IdempotencyKey is { Length: 0 or > MaxKey }) throw new InvalidFieldException($"The Idempotency-Key must be 1 to {MaxKey} characters.", "Idempotency-Key");
    }
}

/// <summary>Starts a new run of a run's definition version at top-level step <see cref="FromStep"/>, with the state before it (<see cref="Variables"/> over its variables).</summary>
public sealed record RerunRun(string Namespace, string RunId, string? FromStep, JsonObject? Variables = null, string? By = null, string? IdempotencyKey = null);
