namespace Weft.Core.Schedules;

/// <summary>What a schedule does with ticks that passed while no node was there to start them.</summary>
public enum MisfirePolicy
{
    /// <summary>Start none of the missed ticks; go on from the next tick to come.</summary>
    Skip,

    /// <summary>Start one run, for the most recent missed tick; then go on.</summary>
    CatchUp,
}
