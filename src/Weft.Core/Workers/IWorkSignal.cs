namespace Weft.Core.Workers;

/// <summary>
/// Wakes the nodes' claim loops when work falls due outside a checkpoint (an event, a task's completion, a worker's
/// result), so a run goes on without waiting a poll interval. In process on SQLite; on PostgreSQL also
/// <c>NOTIFY</c>, so the other nodes hear it.
/// </summary>
public interface IWorkSignal
{
    /// <summary>Work is due now: wake the claim loops (this node's at once, the others' where the store can reach them).</summary>
    void Notify();

    /// <summary>Waits until <see cref="Notify"/> is called (here or, where the store carries it, on another node) or <paramref name="max"/> has passed.</summary>
    Task WaitAsync(TimeSpan max, TimeProvider time, CancellationToken ct);
}
