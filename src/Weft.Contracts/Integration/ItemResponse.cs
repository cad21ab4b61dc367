using System.Text.Json.Nodes;

namespace Weft.Contracts.Integration;

/// <summary>An item with its fields, status and lease.</summary>
/// <param name="Id">The item's id.</param>
/// <param name="Namespace">Its namespace.</param>
/// <param name="Queue">Its queue.</param>
/// <param name="RunId">Its run.</param>
/// <param name="Step">Its step.</param>
/// <param name="Attempt">The step's attempt.</param>
/// <param name="Fields">Its typed fields.</param>
/// <param name="Status">Its status.</param>
/// <param name="LeaseOwner">The worker holding it.</param>
/// <param name="LeaseToken">The current lease token.</param>
/// <param name="LeaseUntil">When the lease ends.</param>
/// <param name="Deliveries">How many times it was handed out.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="CompletedAt">When it was completed.</param>
/// <param name="Number">The item's number in its namespace: stable, given when it was first stored, and taken wherever its id is.</param>
public sealed record ItemResponse(
    string Id, string Namespace, string Queue, string RunId, string Step, int Attempt, JsonArray Fields, string Status,
    string? LeaseOwner, long LeaseToken, DateTimeOffset? LeaseUntil, int Deliveries, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, long Number = 0);
