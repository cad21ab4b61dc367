using Weft.Tests.Shared;

namespace Weft.Storage.Tests;

public sealed class SqliteCheckpointGroupTests : CheckpointGroupConformance
{
    private readonly TempDirectory _dir = new();

    protected override Task<SqlStore> CreateStoreAsync() =>
        Task.FromResult<SqlStore>(new SqliteStore($"Data Source={Path.Combine(_dir.Path, "weft.db")}"));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }
}
