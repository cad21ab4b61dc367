namespace Weft.Contracts.Definitions;

/// <summary>A deployed definition version.</summary>
/// <param name="Id">The version's id.</param>
/// <param name="Namespace">The namespace it is deployed in.</param>
/// <param name="Name">The definition's name.</param>
/// <param name="Version">The version number, from 1.</param>
/// <param name="Description">The definition's description, if it has one.</param>
/// <param name="Format"><c>yaml</c> or <c>json</c>: the format it was deployed in.</param>
/// <param name="Hash">The hash of its normalized source: an identical deploy answers the same version.</param>
/// <param name="CreatedAt">When this version was deployed.</param>
/// <param name="Inputs">Its typed input (in the answers that carry the model).</param>
/// <param name="Steps">Its top-level steps (in the answers that carry the model).</param>
/// <param name="Source">The source as deployed (when one version is asked for).</param>
/// <param name="Number">The definition version's number in its namespace: stable, given when it was first stored, and taken wherever its id is.</param>
public sealed record DefinitionResponse(
    string Id, string Namespace, string Name, int Version, string? Description, string Format, string Hash, DateTimeOffset CreatedAt,
    IReadOnlyList<InputResponse>? Inputs = null, IReadOnlyList<StepSummary>? Steps = null, string? Source = null, long Number = 0);
