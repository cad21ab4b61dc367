namespace Weft.Storage.Tests;

public sealed class SqliteWebhookStoreTests : WebhookStoreConformance
{
    protected override Task<SqlStore> CreateStoreAsync() => SqliteInTempFolderAsync();
}
