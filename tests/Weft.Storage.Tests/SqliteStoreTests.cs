using Shouldly;
using Weft.Tests.Shared;
using Xunit;

namespace Weft.Storage.Tests;

public sealed class SqliteStoreTests : StoreConformance
{
    private readonly TempDirectory _dir = new();

    protected override Task<SqlStore> CreateStoreAsync()
    {
        var store = new SqliteStore($"Data Source={Path.Combine(_dir.Path, "weft.db")}");
        return Task.FromResult<SqlStore>(store);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public void Open_SameFileTwice_IsRefused()
    {
        var path = Path.Combine(_dir.Path, "weft.db");
        var e = Should.Throw<InvalidOperationException>(() => new SqliteStore($"Data Source={path}"));
        e.Message.ShouldContain("Another Weft server");
    }

    [Fact]
    public void Open_InMemory_IsRefused() =>
        Should.Throw<ArgumentException>(() => new SqliteStore("Data Source=:memory:"));
}
