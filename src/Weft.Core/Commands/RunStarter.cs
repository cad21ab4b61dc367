using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Weft.Core.Cases;
using Weft.Core.Definitions;
using Weft.Core.Dsl;
using Weft.Core.Engine;
using Weft.Core.Runs;
using Weft.Core.Services;
using Weft.Core.Storage;
using Weft.Core.Workers;

namespace Weft.Core.Commands;

/// <summary>
/// Carries out <see cref="StartRun"/>: checks it, resolves the definition (by name and version, id, or parameter set)
/// and the case, checks the input against the definition's typed input, runs the first in-process steps, and stores the
/// run with its first checkpoint in one write. The one way a run is started.
/// </summary>
public sealed class RunStarter(
    IWeftStore store, DefinitionService definitions, CaseService cases, ParameterSetService parameterSets,
    WorkflowEngine engine, IRunCommitter committer, TimeProvider time)
{
    /// <summary>Starts the run; the answer may already be completed (or waiting). A repeated idempotent start answers the first run.</summary>
    public async Task<StartedRun> StartAsync(StartRun start, CancellationToken ct)
    {
        var prepared = await PrepareAsync(start, ct);
        return prepared.Existing is { } existing ? new StartedRun(existing, false) : await CommitAsync(prepared, prepared.Write!, ct);
    }

    /// <summary>
    /// Everything but the write: the run and its first checkpoint, for a starter that adds to the write (the scheduler
    /// its tick's row, a sub-workflow step the deletion of its start row) before <see cref="CommitAsync"/>.
    /// </summary>
    /// <exception cref="InvalidFieldException">A field does not fit.</exception>
    /// <exception cref="NotFoundException">No such namespace, definition, version, case or parameter set.</exception>
    /// <exception cref="InputException">The input does not fit the definition's typed input.</exception>
    /// <exception cref="ConflictException">The business key is taken.</exception>
    public async Task<PreparedStart> PrepareAsync(StartRun start, CancellationToken ct)
    {
        var vars = StartRunValidation.Check(start);
        var ns = start.Namespace;
        var (stored, input, subject) = await ResolveAsync(start, ct);
        var model = definitions.Model(stored);
        var runId = start.RunId ?? (start.IdempotencyKey is { } key ? DerivedId(ns, key) : null);
        if (start.IdempotencyKey is not null && runId is not null && await Seen(ns, runId, stored, ct) is { } seen)
            return new PreparedStart(seen, seen, null, Idempotent: true) { Existing = seen };
        if (start.BusinessKey is { } businessKey
            && (await store.Runs.ListAsync(new RunQuery(ns, stored.Name, Limit: 1) { BusinessKey = businessKey }, ct)).Runs.Count > 0)
            throw new ConflictException($"businessKey '{businessKey}' is already used by a run of '{stored.Name}'.");
        if (start.VariablesFillInput && vars is not null)
        {
            input = input?.DeepClone().AsObject() ?? [];
            foreach (var field in model.Inputs.Where(f => vars.ContainsKey(f.Name))) input[field.Name] = vars[field.Name]?.DeepClone();
        }
        var checkedInput = InputValidator.Validate(model, input);
        var now = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
        var run = new RunRecord
        {
            Id = runId ?? Guid.CreateVersion7(now).ToString(),
            Namespace = ns,
            DefinitionId = stored.Id,
            DefinitionName = stored.Name,
            DefinitionVersion = stored.Version,
            Input = checkedInput,
            CreatedAt = now,
            UpdatedAt = now,
            Tags = start.Tags ?? new Dictionary<string, string>(),
            BusinessKey = start.BusinessKey,
            CaseId = start.Parent?.CaseId ?? subject?.Id,
            Subject = start.Parent is { } parent ? parent.Subject?.DeepClone().AsObject() : subject?.Subject(),
            ParentRunId = start.Parent?.RunId,
            ParentStep = start.Parent?.Step,
            ParentAttempt = start.Parent?.Attempt,
        };
        if (start.State is { } state) run.State = state;
        if (vars is not null) run.State.Vars = vars;
        run.State.ActingClient = start.ActingClient;
        var origin = start.Schedule is { } s
            ? new JsonObject { ["schedule"] = s.ScheduleId, ["tick"] = s.Tick.ToString("O", CultureInfo.InvariantCulture) }
            : null;
        var write = engine.Start(run, model, now, start.Initiator, origin);
        // When the write hands the run to the worker (it yields to go on at once), the worker changes this very
        // object as soon as it is committed: answer with a copy taken before.
        var answer = write.Work.Any(w => w.Claimed && w.Kind != WorkKind.Http) ? run.Snapshot() : run;
        return new PreparedStart(answer, run, write, Idempotent: start.IdempotencyKey is not null);
    }

    /// <summary>Writes a prepared start (<paramref name="write"/>: its write, perhaps with more added). A run with its id already stored: the first run of a repeated idempotent start, otherwise 409.</summary>
    public async Task<StartedRun> CommitAsync(PreparedStart prepared, RunWrite write, CancellationToken ct)
    {
        var run = prepared.Run;
        if (await committer.CommitAsync(write) == WriteOutcome.Written)
        {
            prepared.Answer.Version = run.Version;
            prepared.Answer.Number = run.Number;
            return new StartedRun(prepared.Answer, true);
        }
        if (prepared.Idempotent && await store.Runs.GetAsync(run.Id, ct) is { } first && first.Namespace == run.Namespace && first.DefinitionName == run.DefinitionName)
            return new StartedRun(first, false);
        throw new ConflictException(run.BusinessKey is null
            ? $"Run {run.Id} exists already."
            : $"businessKey '{run.BusinessKey}' is already used by a run of '{run.DefinitionName}' (or run {run.Id} exists already).");
    }

    private async Task<(StoredDefinition Definition, JsonObject? Input, CaseRecord? Subject)> ResolveAsync(StartRun start, CancellationToken ct)
    {
        var ns = start.Namespace;
        var subject = start.Case is null || start.Parent is not null
            ? null
            : await cases.FindAsync(ns, start.Case, ct) ?? throw new NotFoundException($"No case '{start.Case}' in namespace '{ns}' (field 'case').", "case");
        if (start.DefinitionId is { } id)
        {
            try
            {
                return (await definitions.FindAsync(ns, id, ct), start.Input, subject);
            }
            catch (NotFoundException e)
            {
                throw new NotFoundException(e.Message, "definitionId");
            }
        }
        if (start.ParameterSet is null) return (await definitions.GetAsync(ns, start.Definition!, start.Version, ct), start.Input, subject);
        var set = await parameterSets.ResolveAsync(ns, start.Definition, start.ParameterSet, ct);
        var merged = set.Input.DeepClone().AsObject();
        foreach (var (key, value) in start.Input ?? []) merged[key] = value?.DeepClone();
        return (await definitions.GetAsync(ns, set.Definition, start.Version ?? set.Version, ct), merged, subject);
    }

    /// <summary>The run an earlier start with the same key made, when it is there.</summary>
    private async Task<RunRecord?> Seen(string ns, string runId, StoredDefinition definition, CancellationToken ct)
    {
        var run = await store.Runs.GetAsync(runId, ct);
        if (run is null) return null;
        return run.Namespace == ns && run.DefinitionName == definition.Name
            ? run
            : throw new ConflictException($"Run {runId} exists already: the Idempotency-Key (or runId) was used for a start of another definition.");
    }

    /// <summary>A run id derived from the namespace and the idempotency key (a name-based UUID, version 8).</summary>
    public static string DerivedId(string ns, string key) => NameBasedId("start\n" + ns + "\n" + key);

    /// <summary>A name-based UUID (version 8) of <paramref name="name"/>.</summary>
    public static string NameBasedId(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }
}

/// <summary>
/// A start checked and computed, not yet written: <see cref="Run"/> and its first <see cref="Write"/>; <see cref="Answer"/>
/// is what the caller is shown. For a repeated idempotent start, <see cref="Existing"/> is the first start's run and there
/// is nothing to write.
/// </summary>
public sealed record PreparedStart(RunRecord Answer, RunRecord Run, RunWrite? Write, bool Idempotent)
{
    public RunRecord? Existing { get; init; }
}
