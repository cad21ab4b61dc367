using Weft.Tests.Shared;

namespace Weft.Storage.Tests;

public sealed class PostgresIdentityStoreTests : IdentityStoreConformance
{
    protected override async Task<SqlStore> CreateStoreAsync() => new PostgresStore(await TestPostgres.CreateDatabaseAsync());
}
