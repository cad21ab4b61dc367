namespace Weft.Core.Storage;

/// <summary>Namespaces: the unit that definitions, runs and (later) access belong to.</summary>
public interface INamespaceStore
{
    Task<bool> ExistsAsync(string ns, CancellationToken ct);

    /// <summary>Creates the namespace; false when it existed already.</summary>
    Task<bool> CreateAsync(string ns, DateTimeOffset now, CancellationToken ct);

    Task<IReadOnlyList<string>> ListAsync(CancellationToken ct);
}
