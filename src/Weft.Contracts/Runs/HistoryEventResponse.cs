using System.Text.Json.Nodes;

namespace Weft.Contracts.Runs;

/// <summary>One entry of a run's append-only history.</summary>
/// <param name="Seq">Its place in the history, from 1.</param>
/// <param name="At">When it happened.</param>
/// <param name="Type">One of <see cref="HistoryEventTypes"/>.</param>
/// <param name="Step">The step it is about.</param>
/// <param name="Data">What else it records.</param>
public sealed record HistoryEventResponse(long Seq, DateTimeOffset At, string Type, string? Step, JsonObject? Data);
