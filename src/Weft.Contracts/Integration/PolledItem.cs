using System.Text.Json.Nodes;

namespace Weft.Contracts.Integration;

/// <summary>An item as a poll hands it out, with the lease that fences the worker's changes.</summary>
/// <param name="Id">The item's id.</param>
/// <param name="RunId">Its run.</param>
/// <param name="Step">Its step.</param>
/// <param name="Attempt">The step's attempt.</param>
/// <param name="Fields">Its typed fields.</param>
/// <param name="LeaseToken">The token to give with every change.</param>
/// <param name="LeaseUntil">When the lease ends.</param>
/// <param name="Number">The item's number in its namespace: stable, given when it was first stored, and taken wherever its id is.</param>
public sealed record PolledItem(string Id, string RunId, string Step, int Attempt, JsonArray Fields, long LeaseToken, DateTimeOffset? LeaseUntil, long Number = 0);
