using System.Collections.Concurrent;
using Weft.Core.Definitions;
using Weft.Core.Dsl;
using Weft.Core.Storage;

namespace Weft.Core.Services;

/// <summary>Deploys and reads definitions; what the native API and every compatibility surface call.</summary>
public sealed class DefinitionService
{
    // The latest version of each definition, while the store hears of every deploy (SQLite: this process's alone;
    // PostgreSQL: while it LISTENs). Every deploy through this service moves the generation before and after it
    // writes, and so does every deploy the store hears of from another node; an entry is good only while the
    // generation is the one taken before the read that filled it, so a read that raced a deploy is never used.
    // Shared by several nodes (PostgreSQL), an entry is also read again after Kept: should notifications be lost
    // (a pooler in transaction mode passes no LISTEN), another node's deploy is seen within that time.
    private static readonly TimeSpan Kept = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<(string Ns, string Name), (StoredDefinition Definition, long Generation, long Read)> _latest = new();
    private readonly IWeftStore _store;
    private readonly DefinitionCache _cache;
    private readonly TimeProvider _time;
    private long _generation;

    public DefinitionService(IWeftStore store, DefinitionCache cache, TimeProvider time)
    {
        _store = store;
        _cache = cache;
        _time = time;
        store.Definitions.DeploysChanged += () => Interlocked.Increment(ref _generation);
    }

    /// <summary>Parses, validates and stores a definition; an identical one returns the version already stored.</summary>
    public async Task<(StoredDefinition Definition, bool Created)> DeployAsync(string ns, string text, bool json, CancellationToken ct)
    {
        await RequireNamespaceAsync(ns, ct);
        var (model, hash) = DefinitionParser.ParseWithHash(text, json);
        var now = _time.GetUtcNow();
        Interlocked.Increment(ref _generation);
        var result = await _store.Definitions.SaveAsync(ns, model.Name, hash, json ? "json" : "yaml", text, model.Description, now, ct);
        Interlocked.Increment(ref _generation);
        // The latest version's schedules fire; an identical deploy finds them stored already and changes nothing.
        await _store.Schedules.ReplaceAsync(ns, model.Name, result.Definition.Version, [.. model.Schedules.Select(s => Schedules.StoredSchedule.From(ns, model.Name, result.Definition.Version, s, now))], ct);
        return result;
    }

    public async Task<StoredDefinition> GetAsync(string ns, string name, int? version, CancellationToken ct)
    {
        // One query on the hot path (every run start), none when the latest is cached; the namespace is looked at
        // only to say which part is missing.
        var generation = Interlocked.Read(ref _generation);
        var keep = version is null && _store.Definitions.DeploysHeard;
        if (keep && _latest.TryGetValue((ns, name), out var cached) && cached.Generation == generation
            && (_store.SingleProcess || _time.GetElapsedTime(cached.Read) < Kept))
            return cached.Definition;
        if (await _store.Definitions.GetAsync(ns, name, version, ct) is { } found)
        {
            if (keep) _latest[(ns, name)] = (found, generation, _time.GetTimestamp());
            return found;
        }
        await RequireNamespaceAsync(ns, ct);
        throw new NotFoundException(version is null
                ? $"No definition '{name}' in namespace '{ns}'."
                : $"No version {version} of definition '{name}' in namespace '{ns}'.");
    }

    /// <summary>The deployed version with this id, or this number (<see cref="NumberedIds"/>), in the namespace.</summary>
    public async Task<StoredDefinition> FindAsync(string ns, string idOrNumber, CancellationToken ct)
    {
        var found = NumberedIds.IsNumber(idOrNumber, out var number)
            ? await _store.Definitions.GetByNumberAsync(ns, number, ct)
            : await _store.Definitions.GetByIdAsync(idOrNumber, ct);
        if (found is not null && found.Namespace == ns) return found;
        await RequireNamespaceAsync(ns, ct);
        throw new NotFoundException($"No definition '{idOrNumber}' in namespace '{ns}'.");
    }

    public WorkflowDefinition Model(StoredDefinition stored) => _cache.Get(stored);

    public async Task<IReadOnlyList<StoredDefinition>> ListAsync(string ns, CancellationToken ct)
    {
        await RequireNamespaceAsync(ns, ct);
        return await _store.Definitions.ListAsync(ns, ct);
    }

    public async Task<IReadOnlyList<StoredDefinition>> ListVersionsAsync(string ns, string name, CancellationToken ct)
    {
        var versions = await _store.Definitions.ListVersionsAsync(ns, name, ct);
        return versions.Count == 0 ? throw new NotFoundException($"No definition '{name}' in namespace '{ns}'.") : versions;
    }

    public async Task RequireNamespaceAsync(string ns, CancellationToken ct)
    {
        if (!await _store.Namespaces.ExistsAsync(ns, ct)) throw new NotFoundException($"No namespace '{ns}'.");
    }
}
