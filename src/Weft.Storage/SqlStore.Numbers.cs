using System.Data.Common;
using Dapper;
using Weft.Core.Integration;
using Weft.Core.Runs;
using Weft.Core.Tasks;

namespace Weft.Storage;

/// <summary>
/// The per-namespace numbers of runs, definition versions, tasks and integration items (schema 14): taken from
/// <see cref="NumberBlocks"/> when the row is built, so a number costs no round trip of its own.
/// </summary>
public abstract partial class SqlStore
{
    /// <summary>The kinds of <c>weft_numbers</c>: each counts on its own in each namespace.</summary>
    internal static class NumberKind
    {
        public const string Run = "run";
        public const string Definition = "definition";
        public const string Task = "task";
        public const string Item = "item";
    }

    // PostgreSQL: several nodes reserve blocks of the same counter; the row is locked only for this statement's own
    // transaction, so the nodes' group commits never wait on it.
    private const string ReserveNumbersSql =
        "INSERT INTO weft_numbers (namespace, kind, next) VALUES (@ns, @kind, 1 + @size) " +
        "ON CONFLICT (namespace, kind) DO UPDATE SET next = weft_numbers.next + @size RETURNING next";

    private const string CountNumbersSql =
        "INSERT INTO weft_numbers (namespace, kind, next) VALUES (@ns, @kind, @next) " +
        "ON CONFLICT (namespace, kind) DO UPDATE SET next = max(next, excluded.next)";

    private readonly NumberBlocks _numbers;

    protected SqlStore() => _numbers = new NumberBlocks(ReserveNumbersAsync, TimeProvider.System);

    /// <summary>
    /// True when this store is the only writer of its database (SQLite): numbers are counted in memory from the stored
    /// counter, and each transaction that uses some moves the counter row with them (no numbers lost at a restart).
    /// Otherwise (PostgreSQL) each node reserves blocks of numbers in a transaction of their own.
    /// </summary>
    protected virtual bool CountsNumbersInTransaction => SingleProcess;

    private async Task<(long First, long End)> ReserveNumbersAsync(string ns, string kind, int size, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        if (CountsNumbersInTransaction)
        {
            var next = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT next FROM weft_numbers WHERE namespace = @ns AND kind = @kind", new { ns, kind }, cancellationToken: ct));
            return (next ?? 1, long.MaxValue);
        }
        var end = await connection.ExecuteScalarAsync<long>(new CommandDefinition(ReserveNumbersSql, new { ns, kind, size = (long)size }, cancellationToken: ct));
        return (end - size, end);
    }

    /// <summary>Gives every row the write inserts its number, when the blocks held have them (no I/O); false when one is still missing.</summary>
    private bool TryNumber(RunWrite write)
    {
        var complete = true;
        if (write.ExpectedVersion is null && write.Run.Number == 0)
        {
            if (_numbers.TryTake(write.Run.Namespace, NumberKind.Run, out var n)) write.Run.Number = n;
            else complete = false;
        }
        foreach (var effect in write.Effects)
        {
            switch (effect)
            {
                case TaskCreated { Task.Number: 0 } created:
                    if (_numbers.TryTake(created.Task.Namespace, NumberKind.Task, out var t)) created.Task.Number = t;
                    else complete = false;
                    break;
                case IntegrationItemCreated { Number: 0 } item:
                    if (_numbers.TryTake(write.Run.Namespace, NumberKind.Item, out var i)) item.Number = i;
                    else complete = false;
                    break;
            }
        }
        return complete;
    }

    /// <summary>Gives every row the writes insert its number, reserving blocks where needed (a build made before is dropped).</summary>
    private async ValueTask NumberAsync(IReadOnlyList<RunWrite> writes, CancellationToken ct)
    {
        var runs = 0;
        foreach (var write in writes)
            if (write.ExpectedVersion is null && write.Run.Number == 0) runs++;
        foreach (var write in writes)
        {
            var needsRun = write.ExpectedVersion is null && write.Run.Number == 0;
            if (TryNumber(write))
            {
                if (needsRun) runs--;
                continue;
            }
            write.StoreState = null;
            if (needsRun && write.Run.Number == 0)
                write.Run.Number = await _numbers.TakeAsync(write.Run.Namespace, NumberKind.Run, Math.Max(runs, 1), ct);
            if (needsRun) runs--;
            foreach (var effect in write.Effects)
            {
                switch (effect)
                {
                    case TaskCreated { Task.Number: 0 } created:
                        created.Task.Number = await _numbers.TakeAsync(created.Task.Namespace, NumberKind.Task, 1, ct);
                        break;
                    case IntegrationItemCreated { Number: 0 } item:
                        item.Number = await _numbers.TakeAsync(write.Run.Namespace, NumberKind.Item, 1, ct);
                        break;
                }
            }
        }
    }

    /// <summary>The counter rows to move with a transaction that inserts the writes' rows (none unless <see cref="CountsNumbersInTransaction"/>).</summary>
    private void AddCounters(IReadOnlyList<RunWrite> writes, List<int> pending, List<Statement> statements)
    {
        if (!CountsNumbersInTransaction) return;
        HashSet<(string, string)>? seen = null;
        foreach (var i in pending)
        {
            var write = writes[i];
            if (write.ExpectedVersion is null) AddCounter(write.Run.Namespace, NumberKind.Run, ref seen, statements);
            foreach (var effect in write.Effects)
            {
                if (effect is TaskCreated created) AddCounter(created.Task.Namespace, NumberKind.Task, ref seen, statements);
                else if (effect is IntegrationItemCreated) AddCounter(write.Run.Namespace, NumberKind.Item, ref seen, statements);
            }
        }
    }

    private void AddCounter(string ns, string kind, ref HashSet<(string, string)>? seen, List<Statement> statements)
    {
        if (!(seen ??= []).Add((ns, kind)) || _numbers.NextOf(ns, kind) is not { } next) return;
        statements.Add(new Statement(CountNumbersSql, [new("ns", ns), new("kind", kind), new("next", next)]));
    }

    /// <summary>A number for a row written outside the group commit (a deploy, a free-standing task).</summary>
    private ValueTask<long> TakeNumberAsync(string ns, string kind, CancellationToken ct) => _numbers.TakeAsync(ns, kind, 1, ct);

    /// <summary>Moves the counter row in <paramref name="tx"/>, which inserts a row numbered from it (SQLite only).</summary>
    private async Task CountAsync(DbConnection connection, DbTransaction tx, string ns, string kind, CancellationToken ct)
    {
        if (!CountsNumbersInTransaction || _numbers.NextOf(ns, kind) is not { } next) return;
        await connection.ExecuteAsync(new CommandDefinition(CountNumbersSql, new { ns, kind, next }, tx, cancellationToken: ct));
    }
}
