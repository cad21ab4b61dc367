using System.Text.Json.Nodes;
using Weft.Core.Definitions;

namespace Weft.Core.Schedules;

/// <summary>
/// A schedule as stored: which definition (and the version it came from), its cron, time zone, input and policy,
/// whether it is enabled, when it next fires and the last tick it started a run for.
/// </summary>
public sealed record StoredSchedule(
    string Namespace,
    string DefinitionName,
    string Id,
    int DefinitionVersion,
    string Cron,
    string TimeZone,
    JsonObject Input,
    MisfirePolicy Misfire,
    bool Enabled,
    DateTimeOffset? NextAt,
    DateTimeOffset? LastTick)
{
    /// <summary>What runs it starts name as their initiator.</summary>
    public string Initiator => $"schedule:{DefinitionName}/{Id}";

    /// <summary>The row for a schedule of a newly deployed version: its first tick is the first one after <paramref name="now"/>.</summary>
    public static StoredSchedule From(string ns, string definition, int version, ScheduleDefinition s, DateTimeOffset now) =>
        new(ns, definition, s.Id, version, s.Cron.Expression, s.TimeZone, s.Input, s.Misfire, s.Enabled, s.Enabled ? s.Cron.Next(now) : null, null);
}
