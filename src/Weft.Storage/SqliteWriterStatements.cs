using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Weft.Storage;

/// <summary>
/// The SQLite writer's statements, prepared once on its connection and run through SQLite's own API: parameters bound
/// by position, text bound as UTF-16 (SQLite converts it in place, no managed copy). Microsoft.Data.Sqlite looks every
/// parameter up by name and copies every string to UTF-8 on each execution, and the one thread that writes every
/// checkpoint spent more time there than in SQLite itself.
/// </summary>
internal sealed class SqliteWriterStatements(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, Prepared> _bySql = new(StringComparer.Ordinal);

    /// <summary>One prepared statement and the position of each parameter, in the order its statements name them.</summary>
    private sealed class Prepared(sqlite3_stmt handle, string[] names, int[] positions, Dictionary<string, int> byName)
    {
        public sqlite3_stmt Handle { get; } = handle;

        public int Position(int j, string name) =>
            j < names.Length && (ReferenceEquals(names[j], name) || names[j] == name) ? positions[j]
            : byName.TryGetValue(name, out var p) ? p : 0;
    }

    /// <summary>Runs <paramref name="s"/> inside the connection's open transaction; returns the rows it changed.</summary>
    public int Execute(Statement s)
    {
        var prepared = Prepare(s);
        var stmt = prepared.Handle;
        try
        {
            for (var j = 0; j < s.Parameters.Length; j++)
            {
                var (name, value) = s.Parameters[j];
                var position = prepared.Position(j, name);
                if (position == 0) continue;
                Check(Bind(stmt, position, value));
            }
            int rc;
            while ((rc = raw.sqlite3_step(stmt)) == raw.SQLITE_ROW)
            {
            }
            if (rc != raw.SQLITE_DONE) Check(rc);
            return raw.sqlite3_changes(connection.Handle);
        }
        finally
        {
            raw.sqlite3_reset(stmt);
            raw.sqlite3_clear_bindings(stmt);
        }
    }

    private static int Bind(sqlite3_stmt stmt, int position, object? value) => value switch
    {
        null or DBNull => raw.sqlite3_bind_null(stmt, position),
        string text => raw.sqlite3_bind_text16(stmt, position, text.AsSpan()),
        long n => raw.sqlite3_bind_int64(stmt, position, n),
        int n => raw.sqlite3_bind_int64(stmt, position, n),
        short n => raw.sqlite3_bind_int64(stmt, position, n),
        byte n => raw.sqlite3_bind_int64(stmt, position, n),
        bool b => raw.sqlite3_bind_int64(stmt, position, b ? 1 : 0),
        double d => raw.sqlite3_bind_double(stmt, position, d),
        float f => raw.sqlite3_bind_double(stmt, position, f),
        byte[] bytes => raw.sqlite3_bind_blob(stmt, position, bytes),
        _ => throw new NotSupportedException($"A checkpoint parameter of type {value.GetType()} cannot be bound: give it as text, an integer, a number or bytes."),
    };

    private Prepared Prepare(Statement s)
    {
        if (_bySql.TryGetValue(s.Sql, out var prepared)) return prepared;
        Check(raw.sqlite3_prepare_v3(connection.Handle, s.Sql, raw.SQLITE_PREPARE_PERSISTENT, out var stmt, out string tail));
        if (!string.IsNullOrWhiteSpace(tail))
        {
            stmt.Dispose();
            throw new InvalidOperationException("A checkpoint statement must be one SQL statement: " + s.Sql);
        }
        var names = new string[s.Parameters.Length];
        var positions = new int[s.Parameters.Length];
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var j = 0; j < names.Length; j++)
        {
            names[j] = s.Parameters[j].Key;
            positions[j] = raw.sqlite3_bind_parameter_index(stmt, Prefixed(names[j]));
            byName[names[j]] = positions[j];
        }
        // Every parameter the SQL names must be given (SQLite would take a missing one for NULL).
        var count = raw.sqlite3_bind_parameter_count(stmt);
        if (Enumerable.Range(1, count).Except(positions).FirstOrDefault() is var missing and > 0)
        {
            var name = raw.sqlite3_bind_parameter_name(stmt, missing).utf8_to_string();
            stmt.Dispose();
            throw new InvalidOperationException($"No value for parameter {name} of: {s.Sql}");
        }
        prepared = new Prepared(stmt, names, positions, byName);
        _bySql[s.Sql] = prepared;
        return prepared;
    }

    private static string Prefixed(string name) => name.Length > 0 && name[0] is '@' or '$' or ':' ? name : "@" + name;

    private void Check(int rc)
    {
        if (rc is raw.SQLITE_OK or raw.SQLITE_ROW or raw.SQLITE_DONE) return;
        var db = connection.Handle;
        throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc & 0xff, raw.sqlite3_extended_errcode(db));
    }

    public void Dispose()
    {
        foreach (var p in _bySql.Values) p.Handle.Dispose();
        _bySql.Clear();
    }
}
