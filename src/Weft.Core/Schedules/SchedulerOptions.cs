namespace Weft.Core.Schedules;

/// <summary>Settings under <c>Weft:Schedules</c>: how this node looks for due schedules.</summary>
public sealed class SchedulerOptions
{
    /// <summary>False: this node starts no scheduled runs (other nodes still do).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The longest the scheduler sleeps; it wakes earlier for the earliest next tick.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a node holds a due schedule it claimed before another node may take it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A tick this late (and alone) is still on time; later, or with others missed, the misfire policy decides.</summary>
    public TimeSpan MisfireGrace { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Schedules claimed per query.</summary>
    public int ClaimBatch { get; set; } = 64;

    /// <summary>Refuses settings the scheduler cannot run with; called at start.</summary>
    public void Validate()
    {
        if (PollInterval <= TimeSpan.Zero) throw new InvalidOperationException("Weft:Schedules:PollInterval must be above zero.");
        if (Lease < TimeSpan.FromSeconds(1)) throw new InvalidOperationException("Weft:Schedules:Lease must be at least 00:00:01.");
        if (MisfireGrace < TimeSpan.Zero) throw new InvalidOperationException("Weft:Schedules:MisfireGrace must not be negative.");
        if (ClaimBatch < 1) throw new InvalidOperationException("Weft:Schedules:ClaimBatch must be at least 1.");
    }
}
