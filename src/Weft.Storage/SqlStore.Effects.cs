using Weft.Core.Integration;
using Weft.Core.Runs;

namespace Weft.Storage;

public abstract partial class SqlStore
{
    /// <summary>
    /// Statements run with the checkpoint that ends a run (<see cref="RunWrite.ClearWork"/>), after its work rows are
    /// dropped: each closes what the run had open (event subscriptions, human tasks, integration items). Each takes
    /// <c>@run_id</c> and <c>@now</c>.
    /// </summary>
    private static readonly string[] RunEndedSql = [CancelRunItemsSql];

    /// <summary>Adds the statements that write one <see cref="RunEffect"/> of a checkpoint.</summary>
    private static void BuildEffect(RunWrite write, RunEffect effect, List<Statement> statements)
    {
        switch (effect)
        {
            case IntegrationItemCreated created:
                BuildItemCreated(write, created, statements);
                break;
            case IntegrationItemCancelled cancelled:
                BuildItemCancelled(write, cancelled, statements);
                break;
            default:
                throw new NotSupportedException($"the store does not know how to write a {effect.GetType().Name}");
        }
    }

    private static void BuildRunEnded(RunWrite write, List<Statement> statements)
    {
        foreach (var sql in RunEndedSql)
            statements.Add(new Statement(sql, [new("run_id", write.Run.Id), new("now", Ms(write.Run.UpdatedAt))]));
    }
}
