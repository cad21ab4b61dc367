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
/// every thousand runs, an idle one leaves small gaps when it stops.
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
    }

    /// <summary>The next number of the namespace and kind, when the block held has one left (no I/O).</summary>
    public bool TryTake(string ns, string kind, out long number)
    {
        if (_blocks.TryGetValue((ns, kind), out var block))
        {
            lock (block)
            {
                if (block.Next < block.End)
                {
                    number = block.Next++;
                    return true;
                }
            }
        }
        number = 0;
        return false;
    }

    /// <summary>The next number, reserving a block of at least <paramref name="wanted"/> numbers when none is left.</summary>
    public async ValueTask<long> TakeAsync(string ns, string kind, int wanted, CancellationToken ct)
    {
        if (TryTake(ns, kind, out var number)) return number;
        var block = _blocks.GetOrAdd((ns, kind), static _ => new Block());
        await block.Refill.WaitAsync(ct);
        try
        {
            lock (block)
            {
                if (block.Next < block.End) return block.Next++;
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
