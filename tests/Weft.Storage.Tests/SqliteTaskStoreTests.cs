namespace Weft.Storage.Tests;

public sealed class SqliteTaskStoreTests : TaskStoreConformance
{
    protected override Task<SqlStore> CreateStoreAsync() => SqliteInTempFolderAsync();
}
