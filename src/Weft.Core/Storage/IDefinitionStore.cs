namespace Weft.Core.Storage;

/// <summary>Deployed definitions, versioned per namespace and name.</summary>
public interface IDefinitionStore
{
    /// <summary>Stores the next version of <paramref name="name"/> unless one with the same hash exists; returns the stored row and whether it is new.</summary>
    Task<(StoredDefinition Definition, bool Created)> SaveAsync(string ns, string name, string hash, string format, string source, string? description, DateTimeOffset now, CancellationToken ct);

    Task<StoredDefinition?> GetAsync(string ns, string name, int? version, CancellationToken ct);

    Task<StoredDefinition?> GetByIdAsync(string id, CancellationToken ct);

    /// <summary>The deployed version with this number in the namespace (<see cref="StoredDefinition.Number"/>), or null.</summary>
    Task<StoredDefinition?> GetByNumberAsync(string ns, long number, CancellationToken ct);

    /// <summary>The latest version of every definition in the namespace.</summary>
    Task<IReadOnlyList<StoredDefinition>> ListAsync(string ns, CancellationToken ct);

    Task<IReadOnlyList<StoredDefinition>> ListVersionsAsync(string ns, string name, CancellationToken ct);

    /// <summary>
    /// True while every deploy, made on any node, is heard of here (<see cref="DeploysChanged"/>), so the latest version
    /// of a name may be kept between deploys. SQLite: always (one process, and every deploy goes through it). PostgreSQL:
    /// while its LISTEN connection is up.
    /// </summary>
    bool DeploysHeard { get; }

    /// <summary>Raised when a deploy on another node may have made a new latest version, and when hearing starts or stops.</summary>
    event Action? DeploysChanged;
}
