using Weft.Core.Runs;

namespace Weft.Core.Schedules;

/// <summary>
/// Written with the creation of a run a schedule started: the tick's row (its key refuses a second run for the
/// same tick, from any node) and the schedule's next tick and last tick (its lease is given up after the pass). A tick stored already makes the whole write refused.
/// </summary>
public sealed record ScheduleTick(StoredSchedule Schedule, DateTimeOffset Tick, DateTimeOffset? NextAt) : RunEffect;
