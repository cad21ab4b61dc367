namespace Weft.Storage.Tests;

public sealed class SqliteCheckpointGroupTests : CheckpointGroupConformance
{
    protected override Task<SqlStore> CreateStoreAsync() => SqliteInTempFolderAsync();
}
