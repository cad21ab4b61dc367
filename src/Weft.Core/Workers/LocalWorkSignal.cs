namespace Weft.Core.Workers;

/// <summary>The in-process work signal: one waiter (this node's claim loop), woken once for any number of notices.</summary>
public sealed class LocalWorkSignal : IWorkSignal
{
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Notify() => Volatile.Read(ref _wake).TrySetResult();

    public async Task WaitAsync(TimeSpan max, TimeProvider time, CancellationToken ct)
    {
        var wake = Volatile.Read(ref _wake);
        if (!wake.Task.IsCompleted) await Task.WhenAny(Task.Delay(max, time, ct), wake.Task);
        ct.ThrowIfCancellationRequested();
        // A notice that came while the loop was busy wakes it once; the next wait waits again.
        if (wake.Task.IsCompleted) Interlocked.CompareExchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), wake);
    }
}
