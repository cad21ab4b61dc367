using System.Text.Json.Nodes;
using Weft.Core.Schedules;

namespace Weft.Core.Definitions;

/// <summary>A cron schedule of a definition: when it starts runs, in which time zone, with which input.</summary>
public sealed record ScheduleDefinition(string Id, CronSchedule Cron, string TimeZone, JsonObject Input, MisfirePolicy Misfire, bool Enabled);
