using Weft.Tests.Shared;

namespace Weft.Storage.Tests;

public sealed class PostgresCheckpointGroupTests : CheckpointGroupConformance
{
    protected override async Task<SqlStore> CreateStoreAsync() => new PostgresStore(await TestPostgres.CreateDatabaseAsync());
}
