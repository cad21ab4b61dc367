using Weft.Core.Workers;

namespace Weft.Storage;

/// <summary>
/// The work signal on PostgreSQL: wakes this node at once, and sends a <c>NOTIFY</c> so the other nodes claim too.
/// Notices given while one is being sent are sent as one more, not one each: a burst of events costs two round trips.
/// </summary>
internal sealed class PostgresWorkSignal(PostgresStore store, string node) : IWorkSignal
{
    private readonly LocalWorkSignal _local = new();
    private int _pending;
    private int _sending;

    public void Notify()
    {
        _local.Notify();
        Volatile.Write(ref _pending, 1);
        if (Interlocked.CompareExchange(ref _sending, 1, 0) == 0) _ = Task.Run(SendAsync);
    }

    public Task WaitAsync(TimeSpan max, TimeProvider time, CancellationToken ct) => _local.WaitAsync(max, time, ct);

    /// <summary>A notice the listener heard: another node's wakes this one; this node's own is passed over.</summary>
    internal void Heard(string sender)
    {
        if (sender != node) _local.Notify();
    }

    private async Task SendAsync()
    {
        while (true)
        {
            while (Interlocked.Exchange(ref _pending, 0) == 1)
            {
                try
                {
                    await store.NotifyWorkAsync(node, CancellationToken.None);
                }
                catch (Exception e) when (e is Npgsql.NpgsqlException or IOException or TimeoutException or InvalidOperationException or ObjectDisposedException)
                {
                    // The others find the work at their next poll instead.
                }
            }
            Volatile.Write(ref _sending, 0);
            // A notice given after the last send and before _sending was cleared would otherwise wait for the next one.
            if (Volatile.Read(ref _pending) == 0 || Interlocked.CompareExchange(ref _sending, 1, 0) != 0) return;
        }
    }
}
