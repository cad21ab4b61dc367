using System.Collections.Concurrent;

namespace Weft.Storage;

/// <summary>
/// Hands out the per-namespace numbers of runs, definition versions, tasks and integration items from blocks held in
/// memory, so that a number costs no round trip: a block is reserved from the <c>weft_numbers</c> counter row
/// (<paramref name="reserve"/>: the first number of at least the size asked for, and the end, exclusive) only when the
/// one held is used up. Numbers of one node rise in the order they are taken; a block not used up when the process
/// ends is lost (a gap), never handed out again.
/// </summary>
/// <remarks>
/// The block size doubles, from <see cref="MinBlock"/> up to <see cref="MaxBlock"/>, while each block is used up within
/// a second of its reservation, and starts again small otherwise: a node starting runs at full speed reserves once
/// every thousand runs, an idle one leaves small gaps when it stops. Once half of a block is used the next one is
/// reserved in the background, so that writes seldom find the block empty (and wait in the commit loop for one).
/// </remarks>
internal sealed class NumberBlocks(Func<string, string, int, CancellationToken, Task<(long First, long End)>> reserve, TimeProvider time)
{
    public const int MinBlock = 16;
    public const int MaxBlock = 1024;

    private readonly ConcurrentDictionary<(string Ns, string Kind), Block> _blocks = new();

    private sealed class Block
    {
        public readonly SemaphoreSlim Refill = new(1, 1);
        public long Next;
        public long End;
        public int Size = MinBlock / 2;
        public long ReservedAt;

        /// <summary>The next block, reserved in the background once half of this one is used (bounded blocks only).</summary>
        public Task<(long First, long End)>? Ahead;
    }

    /// <summary>The next number of the namespace and kind, when the block held (or the one reserved ahead) has one left (no I/O).</summary>
    public bool TryTake(string ns, string kind, out long number)
    {
        if (_blocks.TryGetValue((ns, kind), out var block))
        {
            lock (block)
            {
                if (block.Next >= block.End && block.Ahead is { IsCompletedSuccessfully: true } ahead) Switch(block, ahead.Result);
                if (block.Next < block.End)
                {
                    number = block.Next++;
                    ReserveAheadIfHalfUsed(ns, kind, block);
                    return true;
                }
            }
        }
        number = 0;
        return false;
    }

    /// <summary>Under the block's lock: once half of a bounded block is used, reserves the next one in the background.</summary>
    private void ReserveAheadIfHalfUsed(string ns, string kind, Block block)
    {
        if (block.Ahead is not null || block.End == long.MaxValue || block.End - block.Next > block.Size / 2) return;
        var quick = time.GetElapsedTime(block.ReservedAt) < TimeSpan.FromSeconds(1);
        var size = quick ? Math.Min(block.Size * 2, MaxBlock) : block.Size;
        // On the pool, not under the lock: the reservation's I/O starts on its own.
        var ahead = Task.Run(() => reserve(ns, kind, size, CancellationToken.None));
        // A failure is seen by the next TakeAsync, which reserves again; observed here so it is never reported as unobserved.
        _ = ahead.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        block.Ahead = ahead;
    }

    private void Switch(Block block, (long First, long End) next)
    {
        block.Size = (int)Math.Min(next.End - next.First, MaxBlock);
        block.ReservedAt = time.GetTimestamp();
        block.Next = next.First;
        block.End = next.End;
        block.Ahead = null;
    }

    /// <summary>The next number, reserving a block of at least <paramref name="wanted"/> numbers when none is left.</summary>
    public async ValueTask<long> TakeAsync(string ns, string kind, int wanted, CancellationToken ct)
    {
        if (TryTake(ns, kind, out var number)) return number;
        var block = _blocks.GetOrAdd((ns, kind), static _ => new Block());
        await block.Refill.WaitAsync(ct);
        try
        {
            Task<(long First, long End)>? ahead;
            lock (block)
            {
                if (block.Next < block.End) return block.Next++;
                ahead = block.Ahead;
            }
            if (ahead is not null)
            {
                try
                {
                    var next = await ahead.WaitAsync(ct);
                    lock (block)
                    {
                        // TryTake may have switched to it meanwhile.
                        if (ReferenceEquals(block.Ahead, ahead)) Switch(block, next);
                        if (block.Next < block.End) return block.Next++;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    lock (block)
                    {
                        if (ReferenceEquals(block.Ahead, ahead)) block.Ahead = null;
                    }
                }
            }
            var now = time.GetTimestamp();
            var quick = block.ReservedAt != 0 && time.GetElapsedTime(block.ReservedAt, now) < TimeSpan.FromSeconds(1);
            var size = quick ? Math.Min(block.Size * 2, MaxBlock) : MinBlock;
            var (first, end) = await reserve(ns, kind, Math.Max(size, wanted), ct);
            lock (block)
            {
                block.Size = size;
                block.ReservedAt = now;
                block.Next = first + 1;
                block.End = end;
            }
            return first;
        }
        finally
        {
            block.Refill.Release();
        }
    }

    /// <summary>The first number not handed out yet (what the counter row must be at least), or null when none was taken here.</summary>
    public long? NextOf(string ns, string kind)
    {
        if (!_blocks.TryGetValue((ns, kind), out var block)) return null;
        lock (block) return block.End == 0 ? null : block.Next;
    }
}
