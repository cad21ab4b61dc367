using System.Text.Json.Nodes;
using Weft.Core.Cases;
using Weft.Core.Dsl;
using Weft.Core.Storage;

namespace Weft.Core.Services;

/// <summary>Stored named input for a definition, checked against its typed input when written.</summary>
public sealed class ParameterSetService(IWeftStore store, DefinitionService definitions, TimeProvider time)
{
    public const int MaxName = 200;

    public async Task<ParameterSet> CreateAsync(string ns, string name, string definition, int? version, JsonObject input, CancellationToken ct)
    {
        if (name.Length is 0 or > MaxName) throw new FieldsException([new DefinitionProblem($"'name' must be 1 to {MaxName} characters", Field: "name")]);
        await CheckAsync(ns, definition, version, input, ct);
        var now = Now();
        var set = new ParameterSet { Id = Guid.CreateVersion7(now).ToString(), Namespace = ns, Name = name, Definition = definition, Version = version, Input = input, CreatedAt = now, UpdatedAt = now };
        if (!await store.ParameterSets.CreateParameterSetAsync(set, ct))
            throw new ConflictException($"Definition '{definition}' has a parameter set named '{name}' already.");
        return set;
    }

    public async Task<ParameterSet> GetAsync(string ns, string id, CancellationToken ct)
    {
        if (await store.ParameterSets.GetParameterSetAsync(ns, id, ct) is { } found) return found;
        await definitions.RequireNamespaceAsync(ns, ct);
        throw new NotFoundException($"No parameter set '{id}' in namespace '{ns}'.");
    }

    public async Task<IReadOnlyList<ParameterSet>> ListAsync(string ns, string? definition, CancellationToken ct)
    {
        await definitions.RequireNamespaceAsync(ns, ct);
        return await store.ParameterSets.ListParameterSetsAsync(ns, definition, ct);
    }

    /// <summary>Replaces the input and version; the name and definition stay.</summary>
    public async Task<ParameterSet> UpdateAsync(string ns, string id, int? version, JsonObject input, CancellationToken ct)
    {
        var current = await GetAsync(ns, id, ct);
        await CheckAsync(ns, current.Definition, version, input, ct);
        var updated = current with { Version = version, Input = input, UpdatedAt = Now() };
        if (!await store.ParameterSets.UpdateParameterSetAsync(updated, ct)) throw new NotFoundException($"No parameter set '{id}' in namespace '{ns}'.");
        return updated;
    }

    public async Task DeleteAsync(string ns, string id, CancellationToken ct)
    {
        if (!await store.ParameterSets.DeleteParameterSetAsync(ns, id, ct))
        {
            await definitions.RequireNamespaceAsync(ns, ct);
            throw new NotFoundException($"No parameter set '{id}' in namespace '{ns}'.");
        }
    }

    /// <summary>
    /// The parameter set a run start names, by id or, with the definition, by name (404 when there is none); one of
    /// another definition than the start's is a 400 naming <c>parameterSet</c>.
    /// </summary>
    public async Task<ParameterSet> ResolveAsync(string ns, string? definition, string idOrName, CancellationToken ct)
    {
        var set = await store.ParameterSets.GetParameterSetAsync(ns, idOrName, ct)
            ?? (definition is null ? null : await store.ParameterSets.FindParameterSetAsync(ns, definition, idOrName, ct))
            ?? throw new NotFoundException(definition is null
                ? $"No parameter set '{idOrName}' in namespace '{ns}' (field 'parameterSet')."
                : $"No parameter set '{idOrName}' for definition '{definition}' in namespace '{ns}' (field 'parameterSet').");
        if (definition is not null && set.Definition != definition)
            throw new FieldsException([new DefinitionProblem($"Parameter set '{idOrName}' is for definition '{set.Definition}', not '{definition}'", Field: "parameterSet")]);
        return set;
    }

    private async Task CheckAsync(string ns, string definition, int? version, JsonObject input, CancellationToken ct)
    {
        var stored = await definitions.GetAsync(ns, definition, version, ct);
        PartialInput.Check(definitions.Model(stored), input);
    }

    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
}
