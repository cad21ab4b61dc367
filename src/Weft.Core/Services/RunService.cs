using Weft.Core.Runs;
using Weft.Core.Storage;

namespace Weft.Core.Services;

/// <summary>Reads runs: what the native API and every compatibility surface call (a run is started by <see cref="Commands.RunStarter"/>).</summary>
public sealed class RunService(IWeftStore store, DefinitionService definitions)
{
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
