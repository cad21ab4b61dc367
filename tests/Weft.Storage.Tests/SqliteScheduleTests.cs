namespace Weft.Storage.Tests;

public sealed class SqliteScheduleTests : ScheduleConformance
{
    protected override Task<SqlStore> CreateStoreAsync() => SqliteInTempFolderAsync();
}
