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
    private static readonly string[] RunEndedSql = [DeleteRunWaitsSql, CancelRunTasksSql, CancelChildrenSql, CancelRunItemsSql];

    /// <summary>
    /// Statements run for each step that is cancelled while its run goes on (<see cref="StepsCancelled"/>): each
    /// closes what that step had open. Each takes <c>@run_id</c>, <c>@step</c> (the step's key) and <c>@now</c>.
    /// </summary>
    private static readonly string[] StepCancelledSql = [DeleteStepWaitsSql, CancelStepTasksSql, CancelStepChildrenSql, CancelStepItemsSql];

    /// <summary>Adds the statements that write one <see cref="RunEffect"/> of a checkpoint.</summary>
    private void BuildEffect(RunWrite write, RunEffect effect, List<Statement> statements)
    {
        switch (effect)
        {
            case StepsCancelled cancelled:
                foreach (var key in cancelled.Keys)
                    foreach (var sql in StepCancelledSql)
                        statements.Add(new Statement(sql, [new("run_id", write.Run.Id), new("step", key), new("now", Ms(write.Run.UpdatedAt))]));
                break;
            case EventWait wait:
                BuildEventWait(wait, statements);
                break;
            case EventWaitClosed closed:
                BuildEventWaitClosed(closed, statements);
                break;
            case Weft.Core.Schedules.ScheduleTick tick:
                BuildScheduleTick(write, tick, statements);
                break;
            case Weft.Core.Tasks.TaskCreated or Weft.Core.Tasks.TaskReassigned or Weft.Core.Tasks.TaskCancelled:
                BuildTaskEffect(write, effect, statements);
                break;
            case NotifyParent notify:
                BuildNotifyParent(write, notify, statements);
                break;
            case IntegrationItemCreated created:
                BuildItemCreated(write, created, statements);
                break;
            case IntegrationItemCancelled cancelled:
                BuildItemCancelled(write, cancelled, statements);
                break;
            case WorkUnparked:
                statements.Add(new Statement("UPDATE work SET due_at = @now WHERE run_id = @run_id AND due_at >= @parked",
                    [new("run_id", write.Run.Id), new("now", Ms(write.Run.UpdatedAt)), new("parked", Ms(WorkUnparked.Parked))]));
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
