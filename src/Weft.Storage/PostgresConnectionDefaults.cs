using System.Data.Common;
using Npgsql;

namespace Weft.Storage;

/// <summary>
/// What Weft sets in a PostgreSQL connection string when the operator did not: the same few statements run on every
/// checkpoint and run start, so they are prepared once per connection instead of parsed and planned every time; and a
/// pooled connection is not reset when it is given back (Weft keeps no session state: no <c>SET</c>, temporary table,
/// <c>LISTEN</c> or session-level lock), which spares every borrow a reset round of statements and keeps the prepared
/// statements.
/// </summary>
public static class PostgresConnectionDefaults
{
    /// <summary>Statements kept prepared per connection (Npgsql's <c>Max Auto Prepare</c>; 0, its default, prepares none).</summary>
    public const int MaxAutoPrepare = 256;

    /// <summary>How often a statement must run on a connection before it is prepared there.</summary>
    public const int AutoPrepareMinUsages = 2;

    public static string Apply(string connectionString)
    {
        // The keys the operator wrote, in any spelling Npgsql accepts ("Max Auto Prepare", "MaxAutoPrepare", any case).
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()).ToHashSet();
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains("MAXAUTOPREPARE")) builder.MaxAutoPrepare = MaxAutoPrepare;
        if (!given.Contains("AUTOPREPAREMINUSAGES")) builder.AutoPrepareMinUsages = AutoPrepareMinUsages;
        if (!given.Contains("NORESETONCLOSE")) builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }
}
