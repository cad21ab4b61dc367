using System.Text.Json.Nodes;
using Weft.Core.Commands;
using Weft.Core.Dsl;
using Weft.Core.Runs;
using Weft.Core.Services;

namespace Weft.Core.Workers;

public sealed partial class RunWorker
{
    /// <summary>
    /// Handles a <see cref="WorkKind.StartChild"/> row: resolves the child's definition, checks its input and stores
    /// the child run (with its first checkpoint) in the same transaction that deletes the row. The child's id is fixed
    /// by the parent's step attempt, so a row run again after a crash is refused by the key and only deleted. A child
    /// that cannot be started fails the parent's step.
    /// </summary>
    private async Task StartChildAsync(WorkItem item, CancellationToken ct)
    {
        try
        {
            var request = item.Payload ?? [];
            var ns = request["namespace"]!.GetValue<string>();
            var name = request["definition"]!.GetValue<string>();
            var version = request["version"]?.GetValue<int>();
            var childId = request["childId"]!.GetValue<string>();
            string error;
            try
            {
                var prepared = await _starter.PrepareAsync(new StartRun
                {
                    Namespace = ns,
                    Definition = name,
                    Version = version,
                    Input = request["input"] as JsonObject,
                    RunId = childId,
                    Initiator = "run " + item.RunId,
                    Parent = new ParentOrigin(item.RunId, item.Step!, item.Attempt, request["caseId"]?.GetValue<string>(), request["subject"] as JsonObject),
                }, ct);
                if (await CommitAsync(prepared.Write! with { Finished = item }) == WriteOutcome.Written) return;
                // Refused: the child exists (this row ran before, up to the commit) or the row is gone (the parent ended).
                if (await _store.Runs.GetAsync(childId, ct) is null) return;
                await AnswerParentAsync(item, null, ct);
                return;
            }
            catch (NotFoundException)
            {
                error = version is null
                    ? $"no definition '{name}' in namespace '{ns}' to start as a child run"
                    : $"no version {version} of definition '{name}' in namespace '{ns}' to start as a child run";
            }
            catch (InputException e)
            {
                var stored = await _store.Definitions.GetAsync(ns, name, version, ct);
                error = $"the input does not fit definition '{name}' version {stored?.Version ?? version}: " +
                    string.Join("; ", e.Problems.Select(p => p.Message));
            }
            await AnswerParentAsync(item, error, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogAdvanceFailed(e, item.RunId);
            try
            {
                await _store.Work.ReleaseAsync(item, _time.GetUtcNow() + TimeSpan.FromSeconds(5), CancellationToken.None);
            }
            catch (Exception inner)
            {
                LogAdvanceFailed(inner, item.RunId);
            }
        }
    }

    /// <summary>Fails the parent's step with <paramref name="error"/>, or (null) only deletes the start row.</summary>
    private async Task AnswerParentAsync(WorkItem item, string? error, CancellationToken ct)
    {
        var run = await _store.Runs.GetAsync(item.RunId, ct);
        if (run is null)
        {
            await _store.Work.ReleaseAsync(item, DateTimeOffset.MaxValue.AddYears(-1), ct);
            return;
        }
        var definition = await _definitions.GetAsync(run.DefinitionId, ct)
            ?? throw new InvalidOperationException($"definition {run.DefinitionId} of run {run.Id} is missing");
        var write = error is null ? _engine.Advance(run, definition, item, Now()) : _engine.ChildNotStarted(run, definition, item, Now(), error);
        if (await CommitAsync(write) == WriteOutcome.Conflict)
            await _store.Work.ReleaseAsync(item, _time.GetUtcNow() + TimeSpan.FromMilliseconds(100), ct);
    }
}
