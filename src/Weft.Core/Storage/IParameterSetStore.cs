using Weft.Core.Cases;

namespace Weft.Core.Storage;

/// <summary>Stored named input for definitions.</summary>
public interface IParameterSetStore
{
    /// <summary>False when the definition has a parameter set of that name already.</summary>
    Task<bool> CreateParameterSetAsync(ParameterSet set, CancellationToken ct);

    Task<ParameterSet?> GetParameterSetAsync(string ns, string id, CancellationToken ct);

    Task<ParameterSet?> FindParameterSetAsync(string ns, string definition, string name, CancellationToken ct);

    /// <summary>Every parameter set of the namespace (of one definition when given), by definition and name.</summary>
    Task<IReadOnlyList<ParameterSet>> ListParameterSetsAsync(string ns, string? definition, CancellationToken ct);

    /// <summary>Replaces the input and version (name and definition stay); false when it does not exist.</summary>
    Task<bool> UpdateParameterSetAsync(ParameterSet set, CancellationToken ct);

    Task<bool> DeleteParameterSetAsync(string ns, string id, CancellationToken ct);
}
