using System.Text.Json.Nodes;

namespace Weft.Core.Cases;

/// <summary>Stored, named input for a definition; a run may start from it plus overrides.</summary>
public sealed record ParameterSet
{
    public required string Id { get; init; }

    public required string Namespace { get; init; }

    public required string Name { get; init; }

    /// <summary>The definition's name.</summary>
    public required string Definition { get; init; }

    /// <summary>The version it was checked against and runs start from; null: the latest at start.</summary>
    public int? Version { get; init; }

    /// <summary>Input values, checked against the definition's typed input (fields may be left out).</summary>
    public required JsonObject Input { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}
