using Weft.Core.Runs;

namespace Weft.Storage;

public abstract partial class SqlStore
{
    /// <summary>
    /// Run-ended statement: every unfinished child of the run gets a <see cref="WorkKind.Cancel"/> row, so ending a
    /// parent ends its children (and theirs, the same way). Statuses below completed (4) are not final.
    /// </summary>
    private const string CancelChildrenSql =
        "INSERT INTO work (id, run_id, kind, step, attempt, due_at, owner, token, payload) " +
        "SELECT id || ':cancel', id, 7, NULL, 0, @now, NULL, 0, '{\"reason\":\"parent run ' || @run_id || ' ended\"}' " +
        "FROM runs WHERE parent_run_id = @run_id AND status < 4 ON CONFLICT DO NOTHING";

    /// <summary>A subworkflow step cancelled while its run goes on (a parallel branch cancelled): its child is cancelled too.</summary>
    private const string CancelStepChildrenSql =
        "INSERT INTO work (id, run_id, kind, step, attempt, due_at, owner, token, payload) " +
        "SELECT id || ':cancel', id, 7, NULL, 0, @now, NULL, 0, '{\"reason\":\"its step in parent run ' || @run_id || ' was cancelled\"}' " +
        "FROM runs WHERE parent_run_id = @run_id AND parent_step = @step AND status < 4 ON CONFLICT DO NOTHING";

    private static void BuildNotifyParent(RunWrite write, NotifyParent notify, List<Statement> statements) =>
        statements.Add(new Statement(InsertWorkSql,
        [
            new("id", write.Run.Id + ":ended"), new("run_id", notify.ParentRunId), new("kind", (int)WorkKind.Signal), new("step", notify.Step),
            new("attempt", notify.Attempt), new("due_at", Ms(notify.DueAt)), new("owner", null), new("token", 0L),
            new("payload", notify.Payload.ToJsonString()),
        ]));
}
