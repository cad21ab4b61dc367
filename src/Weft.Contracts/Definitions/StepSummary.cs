namespace Weft.Contracts.Definitions;

/// <summary>A top-level step of a definition.</summary>
/// <param name="Id">The step's id.</param>
/// <param name="Kind">Its kind: set, script, switch, http, delay, ...</param>
public sealed record StepSummary(string Id, string Kind);
