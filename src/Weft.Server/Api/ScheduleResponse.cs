using System.Text.Json.Nodes;
using Weft.Core.Schedules;

namespace Weft.Server.Api;

/// <summary>A definition's schedule: its cron and time zone, the input its runs get, and when it fires next.</summary>
public sealed record ScheduleResponse(
    string Definition, string Id, int DefinitionVersion, string Cron, string Timezone, JsonObject Input, string Misfire, bool Enabled,
    DateTimeOffset? NextRunAt, DateTimeOffset? LastTick)
{
    public static ScheduleResponse From(StoredSchedule s) => new(
        s.DefinitionName, s.Id, s.DefinitionVersion, s.Cron, s.TimeZone, s.Input, s.Misfire == MisfirePolicy.CatchUp ? "catchUp" : "skip", s.Enabled,
        s.Enabled ? s.NextAt : null, s.LastTick);
}
