namespace Weft.Core.Storage;

/// <summary>A deployed definition version as stored; <paramref name="Number"/> is the version's number in its namespace (kind definition).</summary>
public sealed record StoredDefinition(
    string Id,
    string Namespace,
    string Name,
    int Version,
    string Hash,
    string Format,
    string Source,
    string? Description,
    DateTimeOffset CreatedAt,
    long Number = 0);
