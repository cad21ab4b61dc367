using Weft.Tests.Shared;

namespace Weft.Storage.Tests;

public sealed class PostgresWebhookStoreTests : WebhookStoreConformance
{
    protected override async Task<SqlStore> CreateStoreAsync() => new PostgresStore(await TestPostgres.CreateDatabaseAsync());
}
