namespace Weft.Contracts.Integration;

/// <summary>The body of <c>POST .../integration-items/{id}/heartbeat</c>.</summary>
/// <param name="LeaseToken">The lease token the poll gave with the item.</param>
/// <param name="LeaseSeconds">The new lease, 1 to 3600 seconds (default 60).</param>
public sealed record HeartbeatRequest(long? LeaseToken, int? LeaseSeconds = null);
