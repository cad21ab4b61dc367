using Npgsql;
using Shouldly;
using Xunit;

namespace Weft.Storage.Tests;

/// <summary>What Weft adds to a PostgreSQL connection string, and that an operator's own setting wins.</summary>
public sealed class PostgresConnectionDefaultsTests
{
    [Fact]
    public void Apply_NothingSet_PreparesStatementsAndSkipsTheReset()
    {
        var b = new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.Apply("Host=db;Username=weft;Database=weft"));
        b.MaxAutoPrepare.ShouldBe(PostgresConnectionDefaults.MaxAutoPrepare);
        b.AutoPrepareMinUsages.ShouldBe(PostgresConnectionDefaults.AutoPrepareMinUsages);
        b.NoResetOnClose.ShouldBeTrue();
        b.Host.ShouldBe("db");
        b.Database.ShouldBe("weft");
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0;Auto Prepare Min Usages=7;No Reset On Close=false")]
    [InlineData("Host=db;maxautoprepare=0;AUTOPREPAREMINUSAGES=7;NoResetOnClose=false")]
    public void Apply_OperatorSetThem_TheirValuesKept(string given)
    {
        var b = new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.Apply(given));
        b.MaxAutoPrepare.ShouldBe(0);
        b.AutoPrepareMinUsages.ShouldBe(7);
        b.NoResetOnClose.ShouldBeFalse();
    }
}
