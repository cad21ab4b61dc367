using Weft.Core.Commands;
using Weft.Core.Engine;
using Weft.Core.Runs;
using Weft.Core.Workers;

namespace Weft.Core.Services;

/// <summary>
/// Operator control actions on a run: pause, resume, retry, resume-with-errors. Each reads the run, lets the
/// engine compute the checkpoint and commits it with the expected version, trying again on a conflict. With an
/// idempotency key, an action already applied under that key answers the run as it stands without acting again.
/// </summary>
public sealed partial class RunControl(RunService runs, DefinitionCache definitions, WorkflowEngine engine, IRunCommitter committer, IWorkSignal due, RunStarter starter, TimeProvider time)
{
    /// <summary>Pauses the run, then its running child runs (and theirs): see <see cref="PauseChildrenAsync"/>.</summary>
    /// <summary>Carries out one control action (<see cref="ControlRun"/>): what every front door calls.</summary>
    public Task<RunRecord> ApplyAsync(ControlRun command, CancellationToken ct)
    {
        command.Check();
        var (ns, id, reason, by, key) = (command.Namespace, command.RunId, command.Reason, command.By, command.IdempotencyKey);
        return command.Action switch
        {
            RunAction.Pause => PauseAsync(ns, id, reason, by, key, ct),
            RunAction.Resume => ResumeAsync(ns, id, reason, by, key, ct),
            RunAction.Retry => RetryAsync(ns, id, by, key, ct),
            RunAction.ResumeWithErrors => ResumeWithErrorsAsync(ns, id, by, key, ct),
            RunAction.Terminate => TerminateAsync(ns, id, reason, by, key, ct),
            _ => throw new InvalidFieldException($"Unknown action '{command.Action}'.", "action"),
        };
    }

    /// <summary>Carries out <see cref="RerunRun"/>.</summary>
    public Task<RunRecord> RerunAsync(RerunRun command, CancellationToken ct)
    {
        if (command.FromStep is not { Length: > 0 } fromStep) throw new InvalidFieldException("'fromStep' is required: the id of the step the new run starts at.", "fromStep");
        if (command.IdempotencyKey is { Length: 0 or > ControlRun.MaxKey }) throw new InvalidFieldException($"The Idempotency-Key must be 1 to {ControlRun.MaxKey} characters.", "Idempotency-Key");
        return RerunAsync(command.Namespace, command.RunId, fromStep, command.Variables, command.By, command.IdempotencyKey, ct);
    }

    public async Task<RunRecord> PauseAsync(string ns, string id, string? reason, string? by, string? key, CancellationToken ct)
    {
        var run = await ActAsync(ns, id, "pause", key, (run, _, now) =>
        {
            if (run.Status == RunStatus.Paused) throw new ConflictException($"Run '{id}' is paused already.");
            if (run.Status.IsFinal()) throw new ConflictException($"Run '{id}' has ended ({run.Status.ToName()}); it cannot be paused.");
            return WorkflowEngine.Pause(run, now, reason, by, key);
        }, ct);
        await PauseChildrenAsync(ns, id, by, ct);
        return run;
    }

    /// <summary>Resumes the run, then the child runs that were paused with it (and theirs).</summary>
    public async Task<RunRecord> ResumeAsync(string ns, string id, string? reason, string? by, string? key, CancellationToken ct)
    {
        var run = await ActAsync(ns, id, "resume", key, (run, _, now) =>
        {
            if (run.Status != RunStatus.Paused) throw new ConflictException($"Run '{id}' is not paused ({run.Status.ToName()}); only a paused run can be resumed.");
            return WorkflowEngine.Resume(run, now, reason, by, key);
        }, ct);
        await ResumeChildrenAsync(ns, id, by, ct);
        return run;
    }

    public Task<RunRecord> RetryAsync(string ns, string id, string? by, string? key, CancellationToken ct) =>
        ActAsync(ns, id, "retry", key, (run, definition, now) =>
        {
            if (run.Status is not (RunStatus.Failed or RunStatus.TimedOut))
                throw new ConflictException($"Run '{id}' is {run.Status.ToName()}; only a failed or timed-out run can be retried.");
            return engine.Retry(run, definition(), now, by, key)
                ?? throw new ConflictException($"Run '{id}' has no failed step to go on from.");
        }, ct);

    public Task<RunRecord> ResumeWithErrorsAsync(string ns, string id, string? by, string? key, CancellationToken ct) =>
        ActAsync(ns, id, "resume-with-errors", key, (run, definition, now) =>
        {
            if (run.Status != RunStatus.Failed)
                throw new ConflictException($"Run '{id}' is {run.Status.ToName()}; only a failed run can be resumed with errors.");
            return engine.ResumeWithErrors(run, definition(), now, by, key)
                ?? throw new ConflictException($"Run '{id}' did not fail at a top-level step (a step inside a branch or loop body cannot be passed over yet).");
        }, ct);

    /// <summary>Terminate with the caller recorded and an optional idempotency key (the engine part is <see cref="WorkflowEngine.Terminate"/>).</summary>
    public Task<RunRecord> TerminateAsync(string ns, string id, string? reason, string? by, string? key, CancellationToken ct) =>
        ActAsync(ns, id, "terminate", key, (run, _, now) =>
        {
            if (run.Status.IsFinal()) throw new ConflictException($"Run '{id}' has ended already ({run.Status.ToName()}).");
            var write = WorkflowEngine.Terminate(run, now, reason, by);
            WorkflowEngine.Remember(run, "terminate", key);
            return write;
        }, ct);

    private async Task<RunRecord> ActAsync(string ns, string id, string action, string? key,
        Func<RunRecord, Func<Definitions.WorkflowDefinition>, DateTimeOffset, RunWrite> act, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var run = await runs.GetAsync(ns, id, ct);
            if (WorkflowEngine.Seen(run, action, key)) return run;
            var definition = await definitions.GetAsync(run.DefinitionId, ct)
                ?? throw new InvalidOperationException($"definition {run.DefinitionId} of run {run.Id} is missing");
            var write = act(run, () => definition, DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds()));
            if (await committer.CommitAsync(write) == WriteOutcome.Written)
            {
                due.Notify();
                return run;
            }
            if (attempt >= 20) throw new ConflictException($"Run '{id}' kept changing; try again.");
            await Task.Delay(TimeSpan.FromMilliseconds(10 * (attempt + 1)), time, ct);
        }
    }
}
