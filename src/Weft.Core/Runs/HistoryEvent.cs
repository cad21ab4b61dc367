using System.Text.Json.Nodes;

namespace Weft.Core.Runs;

/// <summary>One entry of a run's append-only history.</summary>
public sealed record HistoryEvent(long Seq, DateTimeOffset At, string Type, string? Step, JsonObject? Data);
