namespace Weft.Contracts.Runs;

/// <summary>The answer of <c>GET .../definitions/{name}/runs/latest</c>.</summary>
/// <param name="Id">The run's id.</param>
/// <param name="Status">Its status.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record LatestRunResponse(string Id, string Status, DateTimeOffset CreatedAt);
