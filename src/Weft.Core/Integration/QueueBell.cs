namespace Weft.Core.Integration;

/// <summary>
/// An in-process notification that new items may be waiting. A waiter takes <see cref="Next"/> before it looks,
/// so a ring between its look and its wait is not missed.
/// </summary>
public sealed class QueueBell
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Ring"/>.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Ring() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
