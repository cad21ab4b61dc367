using System.Text.Json.Nodes;
using Weft.Core.Dsl;
using Weft.Core.Engine;
using Weft.Core.Runs;
using Weft.Core.Storage;
using Weft.Core.Workers;

namespace Weft.Core.Services;

/// <summary>Starts, reads and ends runs; what the native API and every compatibility surface call.</summary>
public sealed class RunService(IWeftStore store, DefinitionService definitions, WorkflowEngine engine, RunWorker worker, TimeProvider time)
{
    /// <summary>
    /// Checks the input against the definition's typed input, runs the first in-process steps, and stores the
    /// run with its first checkpoint in one transaction. The answer may already be completed (or waiting).
    /// </summary>
    public async Task<RunRecord> StartAsync(string ns, string definition, int? version, JsonObject? input, string? initiator, CancellationToken ct, RunStartOptions? options = null)
    {
        var stored = await definitions.GetAsync(ns, definition, version, ct);
        var model = definitions.Model(stored);
        if (options?.BusinessKey is { } key
            && (await store.Runs.ListAsync(new RunQuery(ns, stored.Name, Limit: 1) { BusinessKey = key }, ct)).Runs.Count > 0)
            throw new ConflictException($"businessKey '{key}' is already used by a run of '{stored.Name}'.");
        var checkedInput = InputValidator.Validate(model, input);
        var now = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
        var run = new RunRecord
        {
            Id = Guid.CreateVersion7(now).ToString(),
            Namespace = ns,
            DefinitionId = stored.Id,
            DefinitionName = stored.Name,
            DefinitionVersion = stored.Version,
            Input = checkedInput,
            CreatedAt = now,
            UpdatedAt = now,
            Tags = options?.Tags ?? new Dictionary<string, string>(),
            BusinessKey = options?.BusinessKey,
            CaseId = options?.Case?.Id,
            Subject = options?.Case?.Subject(),
        };
        if (options?.Variables is { } vars) run.State.Vars = vars;
        run.State.ActingClient = options?.ActingClient;
        var write = engine.Start(run, model, now, initiator);
        // When the write hands the run to the worker (it yields to go on at once), the worker changes this very
        // object as soon as it is committed: answer with a copy taken before.
        var answer = write.Work.Any(w => w.Claimed && w.Kind != WorkKind.Http) ? run.Snapshot() : run;
        if (await worker.CommitAsync(write) != WriteOutcome.Written) throw new ConflictException(run.BusinessKey is null ? $"Run {run.Id} exists already." : $"businessKey '{run.BusinessKey}' is already used by a run of '{run.DefinitionName}' (or run {run.Id} exists already).");
        answer.Version = run.Version;
        return answer;
    }

    /// <summary>The run with this id, or this number (<see cref="NumberedIds"/>), in the namespace.</summary>
    public async Task<RunRecord> GetAsync(string ns, string id, CancellationToken ct)
    {
        var run = NumberedIds.IsNumber(id, out var number) ? await store.Runs.GetByNumberAsync(ns, number, ct) : await store.Runs.GetAsync(id, ct);
        if (run is null || run.Namespace != ns)
        {
            await definitions.RequireNamespaceAsync(ns, ct);
            throw new NotFoundException($"No run '{id}' in namespace '{ns}'.");
        }
        return run;
    }

    public async Task<RunPage> ListAsync(RunQuery query, CancellationToken ct)
    {
        await definitions.RequireNamespaceAsync(query.Namespace, ct);
        return await store.Runs.ListAsync(query, ct);
    }

    public async Task<IReadOnlyList<HistoryEvent>> HistoryAsync(string ns, string id, CancellationToken ct)
    {
        var run = await GetAsync(ns, id, ct);
        return await store.Runs.HistoryAsync(run.Id, ct);
    }
}
