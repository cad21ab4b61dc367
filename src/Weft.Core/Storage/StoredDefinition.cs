namespace Weft.Core.Storage;

/// <summary>A deployed definition version as stored.</summary>
public sealed record StoredDefinition(
    string Id,
    string Namespace,
    string Name,
    int Version,
    string Hash,
    string Format,
    string Source,
    string? Description,
    DateTimeOffset CreatedAt);
