using System.Collections.Concurrent;
using Weft.Core.Definitions;
using Weft.Core.Dsl;
using Weft.Core.Storage;

namespace Weft.Core.Services;

/// <summary>Parsed definitions by id. A version never changes once stored, so an entry never goes stale.</summary>
public sealed class DefinitionCache(IDefinitionStore store)
{
    private readonly ConcurrentDictionary<string, WorkflowDefinition> _byId = new(StringComparer.Ordinal);

    public WorkflowDefinition Get(StoredDefinition stored) =>
        _byId.GetOrAdd(stored.Id, static (_, s) => DefinitionParser.Parse(s.Source, s.Format == "json"), stored);

    public async Task<WorkflowDefinition?> GetAsync(string id, CancellationToken ct)
    {
        if (_byId.TryGetValue(id, out var model)) return model;
        var stored = await store.GetByIdAsync(id, ct);
        return stored is null ? null : Get(stored);
    }
}
