using Weft.Tests.Shared;
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

    private TempDirectory? _dir;

    protected SqlStore Store { get; set; } = null!;

    /// <summary>The database file of <see cref="SqliteInTempFolderAsync"/>: in a folder of this test's own, removed after it.</summary>
    protected string SqlitePath => Path.Combine((_dir ??= new TempDirectory()).Path, "weft.db");

    /// <summary>What a SQLite test class returns from <see cref="CreateStoreAsync"/>.</summary>
    protected Task<SqlStore> SqliteInTempFolderAsync() => Task.FromResult<SqlStore>(new SqliteStore($"Data Source={SqlitePath}"));

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
        _dir?.Dispose();
        GC.SuppressFinalize(this);
    }
}
