namespace Weft.Storage.Tests;

public sealed class SqliteEventStoreTests : EventStoreConformance
{
    protected override Task<SqlStore> CreateStoreAsync() => SqliteInTempFolderAsync();
}
