using Weft.Tests.Shared;

namespace Weft.Server.Tests.Support;

/// <summary>The server settings that put its store on a SQLite file in a test folder, or on a fresh PostgreSQL database.</summary>
public static class StoreSettings
{
    public static Dictionary<string, string> Sqlite(string dir, string file) => new()
    {
        ["Weft__Storage__ConnectionString"] = $"Data Source={Path.Combine(dir, file)}",
    };

    public static async Task<Dictionary<string, string>> PostgresAsync() => new()
    {
        ["Weft__Storage__Provider"] = "postgres",
        ["Weft__Storage__ConnectionString"] = await TestPostgres.CreateDatabaseAsync(),
    };
}
