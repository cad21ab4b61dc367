using System.Text.Json.Nodes;

namespace Weft.Contracts.Runs;

/// <summary>One loop iteration of a run (<c>GET .../runs/{id}?iterations=true</c>): its item, status and the steps it ran.</summary>
/// <param name="Key">Its scope key.</param>
/// <param name="Owner">The loop step.</param>
/// <param name="Index">Its index.</param>
/// <param name="Item">The item it ran for.</param>
/// <param name="Status">Its status.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Steps">The steps it ran.</param>
public sealed record IterationResponse(string Key, string Owner, int? Index, JsonNode? Item, string Status, string? Error, IReadOnlyList<StepResponse> Steps);
