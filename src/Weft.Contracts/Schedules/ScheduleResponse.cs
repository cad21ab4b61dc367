using System.Text.Json.Nodes;

namespace Weft.Contracts.Schedules;

/// <summary>A definition's schedule: its cron and time zone, the input its runs get, and when it fires next.</summary>
/// <param name="Definition">The definition.</param>
/// <param name="Id">The schedule's id in the definition.</param>
/// <param name="DefinitionVersion">The version whose schedule it is.</param>
/// <param name="Cron">Its cron expression.</param>
/// <param name="Timezone">Its time zone.</param>
/// <param name="Input">The input its runs get.</param>
/// <param name="Misfire">skip or catchUp.</param>
/// <param name="Enabled">Whether it starts runs.</param>
/// <param name="NextRunAt">When it fires next.</param>
/// <param name="LastTick">When it last fired.</param>
public sealed record ScheduleResponse(
    string Definition, string Id, int DefinitionVersion, string Cron, string Timezone, JsonObject Input, string Misfire, bool Enabled,
    DateTimeOffset? NextRunAt, DateTimeOffset? LastTick);
