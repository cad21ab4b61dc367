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

    /// <summary>
    /// How many times one work row may be claimed before its run is failed instead of advanced again. An advance
    /// that throws is retried (after 5 s, then longer); one that stops the process is claimed again after the
    /// restart. Either way a run that cannot be advanced ends, failed with the reason, instead of being retried
    /// forever or taking the server down at every start.
    /// </summary>
    public int MaxAdvanceAttempts { get; set; } = 5;

    /// <summary>Refuses settings the worker cannot run with; called at start.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(NodeId)) throw new InvalidOperationException("Weft:Worker:NodeId must not be empty.");
        if (Lease < TimeSpan.FromSeconds(1)) throw new InvalidOperationException("Weft:Worker:Lease must be at least 00:00:01.");
        if (PollInterval <= TimeSpan.Zero) throw new InvalidOperationException("Weft:Worker:PollInterval must be above zero.");
        if (ClaimBatch < 1 || Concurrency < 1 || MaxHttpInFlight < 1 || CommitBatch < 1 || MaxAdvanceAttempts < 1)
            throw new InvalidOperationException("Weft:Worker:ClaimBatch, Concurrency, MaxHttpInFlight, CommitBatch and MaxAdvanceAttempts must each be at least 1.");
    }
}
