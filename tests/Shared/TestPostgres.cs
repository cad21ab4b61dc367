using Npgsql;
using Xunit;

namespace Weft.Tests.Shared;

/// <summary>
/// The PostgreSQL that <c>scripts/test.sh</c> started (<c>WEFT_TEST_POSTGRES</c>). Each caller gets a database of its own.
/// Without one the test is skipped, except under <c>CI=true</c>, where that is a failure.
/// </summary>
public static class TestPostgres
{
    public static string Require()
    {
        var cs = Environment.GetEnvironmentVariable("WEFT_TEST_POSTGRES");
        if (!string.IsNullOrEmpty(cs)) return cs;
        if (Environment.GetEnvironmentVariable("CI") == "true")
            throw new InvalidOperationException("CI=true but WEFT_TEST_POSTGRES is not set: run the tests through scripts/test.sh, which starts PostgreSQL.");
        Assert.Skip("No PostgreSQL: run through scripts/test.sh to include the PostgreSQL tests.");
        return "";
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var cs = Require();
        var name = "weft_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(cs))
        {
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await cmd.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(cs) { Database = name }.ToString();
    }
}
