namespace Weft.Storage.Tests;

public sealed class SqliteIntegrationQueueTests : IntegrationQueueConformance
{
    protected override Task<SqlStore> CreateStoreAsync() => SqliteInTempFolderAsync();
}
