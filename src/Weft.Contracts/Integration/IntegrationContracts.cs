using System.Text.Json.Nodes;

namespace Weft.Contracts.Integration;

/// <summary>The poll request: who polls, how many items at most, how long each lease lasts, how long to wait for one.</summary>
/// <param name="WorkerId">A name for the worker, at most 200 characters.</param>
/// <param name="Max">At most this many items, 1 to 100 (default 1).</param>
/// <param name="LeaseSeconds">How long each lease lasts, 1 to 3600 (default 60).</param>
/// <param name="WaitSeconds">How long to wait for an item, 0 to 30 (default 0).</param>
public sealed record PollRequest(string WorkerId, int? Max = null, int? LeaseSeconds = null, int? WaitSeconds = null);

/// <summary>The body of <c>POST .../integration-items/{id}/heartbeat</c>.</summary>
/// <param name="LeaseToken">The lease token the poll gave with the item.</param>
/// <param name="LeaseSeconds">The new lease, 1 to 3600 seconds (default 60).</param>
public sealed record HeartbeatRequest(long? LeaseToken, int? LeaseSeconds = null);

/// <summary>The body of <c>POST .../integration-items/{id}/fields</c>.</summary>
/// <param name="LeaseToken">The lease token the poll gave with the item.</param>
/// <param name="Fields">Field key to value.</param>
public sealed record FieldsRequest(long? LeaseToken, JsonObject? Fields);

/// <summary>The body of <c>POST .../integration-items/{id}/complete</c>.</summary>
/// <param name="LeaseToken">The lease token the poll gave with the item.</param>
/// <param name="Fields">Last field values.</param>
/// <param name="Result">The step's result.</param>
public sealed record CompleteRequest(long? LeaseToken, JsonObject? Fields = null, JsonNode? Result = null);

/// <summary>The body of <c>POST .../integration-items/{id}/fail</c>.</summary>
/// <param name="LeaseToken">The lease token the poll gave with the item.</param>
/// <param name="Error">What went wrong, at most 4000 characters.</param>
/// <param name="Retryable">Whether the step's retry policy may try again (default true).</param>
public sealed record FailRequest(long? LeaseToken, string Error, bool? Retryable = null);

/// <summary>An item as a poll hands it out, with the lease that fences the worker's changes.</summary>
/// <param name="Id">The item's id.</param>
/// <param name="RunId">Its run.</param>
/// <param name="Step">Its step.</param>
/// <param name="Attempt">The step's attempt.</param>
/// <param name="Fields">Its typed fields.</param>
/// <param name="LeaseToken">The token to give with every change.</param>
/// <param name="LeaseUntil">When the lease ends.</param>
public sealed record PolledItem(string Id, string RunId, string Step, int Attempt, JsonArray Fields, long LeaseToken, DateTimeOffset? LeaseUntil);

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
public sealed record ItemResponse(
    string Id, string Namespace, string Queue, string RunId, string Step, int Attempt, JsonArray Fields, string Status,
    string? LeaseOwner, long LeaseToken, DateTimeOffset? LeaseUntil, int Deliveries, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);
