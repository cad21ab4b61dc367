namespace Weft.Core.Workers;

/// <summary>Settings under <c>Weft:Worker</c>: how this node claims and runs work.</summary>
public sealed class WorkerOptions
{
    /// <summary>This node's name in leases. Defaults to the machine name and the port it serves.</summary>
    public string NodeId { get; set; } = Environment.MachineName;

    /// <summary>How long a claim lasts before another node may take the work.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an idle node looks for due work (timers, retries, expired leases).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Rows claimed per query.</summary>
    public int ClaimBatch { get; set; } = 256;

    /// <summary>
    /// Runs advanced at once. Each advance spends most of its time awaiting its group commit, so this is
    /// well above the core count: it is what fills a commit batch.
    /// </summary>
    public int Concurrency { get; set; } = 128;

    /// <summary>HTTP step calls in flight at once.</summary>
    public int MaxHttpInFlight { get; set; } = 512;

    /// <summary>Checkpoints written per transaction, at most.</summary>
    public int CommitBatch { get; set; } = 512;
}
