using System.Text.Json.Nodes;
using Weft.Core.Commands;
using Weft.Core.Engine;
using Weft.Core.Runs;
using Weft.Core.Workers;

namespace Weft.Core.Services;

public sealed partial class RunControl
{
    /// <summary>
    /// Starts a new run of the run's definition version at top-level step <paramref name="fromStep"/>, with the
    /// variables and step results the original had before that step first started (<paramref name="variables"/>
    /// override single variables), linked both ways: the new run's <c>rerunOf</c>, the original's <c>RunRerun</c>
    /// event. Any status but queued can be rerun: the state before a step the run has passed no longer changes.
    /// With an idempotency key the new run's id is derived from the original's id and the key, so a repeated
    /// request (even one cut short by a crash between the two writes) answers the same run.
    /// </summary>
    public async Task<RunRecord> RerunAsync(string ns, string id, string fromStep, JsonObject? variables, string? by, string? key, CancellationToken ct)
    {
        var original = await runs.GetAsync(ns, id, ct);
        var newId = key is null ? null : DerivedId(original.Id, key);
        if (newId is not null && WorkflowEngine.Seen(original, "rerun", key)) return await runs.GetAsync(ns, newId, ct);
        var definition = await definitions.GetAsync(original.DefinitionId, ct)
            ?? throw new InvalidOperationException($"definition {original.DefinitionId} of run {original.Id} is missing");
        var step = fromStep.Contains('/', StringComparison.Ordinal) || fromStep.Contains('[', StringComparison.Ordinal)
            ? throw new ConflictException($"fromStep '{fromStep}' is inside a branch or loop iteration; a rerun starts at a top-level step (the state before a step inside a block is not recorded exactly).")
            : definition.Find(fromStep) ?? throw new NotFoundException($"fromStep: definition '{original.DefinitionName}' version {original.DefinitionVersion} has no step '{fromStep}'.", "fromStep");
        if (!definition.Steps.Contains(step))
            throw new ConflictException($"fromStep '{fromStep}' is inside a parallel or loop step; a rerun starts at a top-level step (the state before a step inside a block is not recorded exactly).");
        RunState? before;
        try
        {
            before = WorkflowEngine.StateBefore(await runs.HistoryAsync(ns, id, ct), definition, step.Id);
        }
        catch (InvalidOperationException e)
        {
            throw new ConflictException($"Run '{id}' cannot be rerun: {e.Message}.");
        }
        if (before is null) throw new ConflictException($"Run '{id}' never reached step '{fromStep}' (fromStep); it can be rerun only from a step it started.");
        foreach (var (name, value) in variables ?? []) before.Vars[name] = value?.DeepClone();
        before.RerunOf = new RerunLink(original.Id, step.Id);

        // The same definition version (by id), input and tags as the original, from the state before the step.
        var start = new StartRun { Namespace = ns, DefinitionId = original.DefinitionId, Input = original.Input, Tags = original.Tags };
        var prepared = await starter.PrepareAsync(start with { RunId = newId, Initiator = by, State = before }, ct);
        var run = prepared.Run;
        var answer = prepared.Answer;
        var now = run.CreatedAt;
        if (await committer.CommitAsync(prepared.Write!) == WriteOutcome.Written) (answer.Version, answer.Number) = (run.Version, run.Number);
        else if (newId is null) throw new ConflictException($"Run {run.Id} exists already.");
        else answer = await runs.GetAsync(ns, newId, ct); // written by an earlier try of the same request

        for (var attempt = 0; ; attempt++)
        {
            if (WorkflowEngine.Seen(original, "rerun", key)) break;
            if (await committer.CommitAsync(WorkflowEngine.RecordRerun(original, now, run.Id, step.Id, by, key)) == WriteOutcome.Written) break;
            if (attempt >= 20) throw new ConflictException($"Run '{id}' kept changing; the rerun {run.Id} was started but is not yet recorded on it: try again with the same Idempotency-Key.");
            await Task.Delay(TimeSpan.FromMilliseconds(10 * (attempt + 1)), time, ct);
            original = await runs.GetAsync(ns, id, ct);
        }
        due.Notify();
        return answer;
    }

    /// <summary>A run id derived from the original's id and the idempotency key (a name-based UUID, version 8).</summary>
    private static string DerivedId(string originalId, string key) => RunStarter.NameBasedId("rerun\n" + originalId + "\n" + key);
}
