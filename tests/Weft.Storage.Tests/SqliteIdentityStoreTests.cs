namespace Weft.Storage.Tests;

public sealed class SqliteIdentityStoreTests : IdentityStoreConformance
{
    protected override Task<SqlStore> CreateStoreAsync() => SqliteInTempFolderAsync();
}
