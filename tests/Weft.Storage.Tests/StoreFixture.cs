using Xunit;

namespace Weft.Storage.Tests;

/// <summary>
/// What every storage conformance suite starts from: a freshly migrated store from the provider's test class
/// (SQLite in a temporary folder, PostgreSQL in a database of its own), disposed after each test.
/// </summary>
public abstract class StoreFixture : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    protected static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    protected SqlStore Store { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract Task<SqlStore> CreateStoreAsync();

    public virtual async ValueTask InitializeAsync()
    {
        Store = await CreateStoreAsync();
        await Store.MigrateAsync(CancellationToken.None);
    }

    public virtual async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
