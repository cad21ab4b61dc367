using System.Text.Json.Nodes;

namespace Weft.Core.Integration;

/// <summary>
/// One instance of an integration step waiting for an external worker: available, leased (to <see cref="LeaseOwner"/>
/// until <see cref="LeaseUntil"/>, fenced by <see cref="LeaseToken"/>), completed, failed or cancelled. <see cref="Number"/> is its number in its namespace.
/// </summary>
public sealed record IntegrationItem(
    string Id,
    string Namespace,
    string Queue,
    string RunId,
    string Step,
    int Attempt,
    JsonArray Fields,
    string Status,
    string? LeaseOwner,
    long LeaseToken,
    DateTimeOffset? LeaseUntil,
    int Deliveries,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    long Number = 0);
