using Shouldly;
using Xunit;

namespace Weft.Storage.Tests;

/// <summary>The blocks of numbers a PostgreSQL node reserves (hi/lo): rising, distinct, reserved seldom, ahead of need.</summary>
public sealed class NumberBlocksTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A counter row as the store keeps it: each reservation moves it on by the size asked for.</summary>
    private sealed class Counter
    {
        private long _next = 1;

        public int Reservations;

        public Func<int, bool> Fails { get; init; } = _ => false;

        public Task<(long First, long End)> ReserveAsync(string ns, string kind, int size, CancellationToken ct)
        {
            var n = Interlocked.Increment(ref Reservations);
            if (Fails(n)) return Task.FromException<(long, long)>(new InvalidOperationException("the database is away"));
            var end = Interlocked.Add(ref _next, size);
            return Task.FromResult((end - size, end));
        }
    }

    private static async Task<List<long>> TakeAsync(NumberBlocks blocks, int count)
    {
        var numbers = new List<long>();
        for (var i = 0; i < count; i++)
            numbers.Add(blocks.TryTake("default", "run", out var n) ? n : await blocks.TakeAsync("default", "run", 1, Ct));
        return numbers;
    }

    [Fact]
    public async Task Take_ManyInARow_RiseWithoutRepeats_AndReserveOncePerGrowingBlock()
    {
        var counter = new Counter();
        var blocks = new NumberBlocks(counter.ReserveAsync, TimeProvider.System);

        var numbers = await TakeAsync(blocks, 5000);

        numbers.ShouldBeInOrder(SortDirection.Ascending);
        numbers.Distinct().Count().ShouldBe(5000);
        numbers[0].ShouldBe(1);
        counter.Reservations.ShouldBeLessThan(20);
    }

    [Fact]
    public async Task Take_WhenAReservationAheadFails_ReservesAgainWhenNeeded()
    {
        var counter = new Counter { Fails = n => n == 2 };
        var blocks = new NumberBlocks(counter.ReserveAsync, TimeProvider.System);

        var numbers = await TakeAsync(blocks, 100);

        numbers.ShouldBeInOrder(SortDirection.Ascending);
        numbers.Distinct().Count().ShouldBe(100);
    }

    [Fact]
    public async Task Take_FromSeveralThreads_GivesEachNumberOnce()
    {
        var counter = new Counter();
        var blocks = new NumberBlocks(counter.ReserveAsync, TimeProvider.System);

        var taken = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => TakeAsync(blocks, 500), Ct)));

        taken.SelectMany(t => t).Distinct().Count().ShouldBe(4000);
        foreach (var own in taken) own.ShouldBeInOrder(SortDirection.Ascending);
    }
}
