using System.Text.Json.Nodes;
using Weft.Core.Runs;

namespace Weft.Core.Commands;

/// <summary>
/// Starts a run. Every path that starts one builds this and hands it to <see cref="RunStarter"/>: the native API and
/// the compatibility surfaces (from their request bodies), schedules, sub-workflow steps and reruns. What is checked,
/// and what is said when it does not fit, is checked once, in <see cref="StartRunValidation"/>.
/// </summary>
public sealed record StartRun
{
    public required string Namespace { get; init; }

    /// <summary>The definition's name; null when <see cref="DefinitionId"/> or <see cref="ParameterSet"/> names it.</summary>
    public string? Definition { get; init; }

    /// <summary>A version of <see cref="Definition"/>; null for the latest (or the parameter set's).</summary>
    public int? Version { get; init; }

    /// <summary>One deployed version by its id (or its number), instead of a name and version.</summary>
    public string? DefinitionId { get; init; }

    /// <summary>The run's input, checked against the definition's typed input (defaults filled in).</summary>
    public JsonObject? Input { get; init; }

    /// <summary>Variables the run starts with, each with an optional type its value must fit.</summary>
    public IReadOnlyList<TypedVariable>? Variables { get; init; }

    /// <summary>
    /// A variable whose name the definition's typed input declares is also given as that input field (over
    /// <see cref="Input"/>), so it is checked against the declared type and required fields are met by variables: for a
    /// surface whose clients pass a workflow's declared parameters as variables (reference 000's <c>executewithvariables</c>).
    /// </summary>
    public bool VariablesFillInput { get; init; }

    /// <summary>The id of the case the run is about; its fields are the run's <c>subject</c>.</summary>
    public string? Case { get; init; }

    /// <summary>A parameter set's id or name: its definition, version and input, with <see cref="Input"/> over that input.</summary>
    public string? ParameterSet { get; init; }

    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>The caller's own key for the run, unique per namespace and definition name.</summary>
    public string? BusinessKey { get; init; }

    /// <summary>Who starts the run: the user (also when a client acts on their behalf), <c>client:&lt;id&gt;</c>, or Weft itself.</summary>
    public string? Initiator { get; init; }

    /// <summary>The client that acts on behalf of <see cref="Initiator"/> (<c>client:&lt;id&gt;</c>), recorded beside it.</summary>
    public string? ActingClient { get; init; }

    /// <summary>
    /// The caller's key for this start: the run's id is derived from it, so the same start sent again (after a timeout,
    /// or a crash before the answer) answers the run it made the first time instead of making another.
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>The run's id, chosen by the caller (a surface whose clients name their instances); Weft makes one when null.</summary>
    public string? RunId { get; init; }

    /// <summary>Set by sub-workflow steps only: the parent step that waits on the run, and the case it passes down (not looked up).</summary>
    public ParentOrigin? Parent { get; init; }

    /// <summary>Set by the scheduler only: the schedule and tick, recorded on the run's <c>RunCreated</c> event.</summary>
    public ScheduleOrigin? Schedule { get; init; }

    /// <summary>Set by rerun only: the state the run starts from (variables and ended steps, and its <c>rerunOf</c> link).</summary>
    public RunState? State { get; init; }
}

/// <summary>A variable a run starts with; <see cref="Type"/>, when given, is one of <see cref="StartRunValidation.VariableTypes"/>.</summary>
public sealed record TypedVariable(string? Name, JsonNode? Value, string? Type = null);

/// <summary>The parent step that starts a child run.</summary>
public sealed record ParentOrigin(string RunId, string Step, int Attempt, string? CaseId, JsonObject? Subject);

/// <summary>The schedule tick that starts a run.</summary>
public sealed record ScheduleOrigin(string ScheduleId, DateTimeOffset Tick);

/// <summary>The run a start made (or found, for a repeated idempotent start: <see cref="Created"/> false).</summary>
public sealed record StartedRun(RunRecord Run, bool Created);
