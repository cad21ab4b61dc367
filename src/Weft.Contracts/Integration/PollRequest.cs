namespace Weft.Contracts.Integration;

/// <summary>The poll request: who polls, how many items at most, how long each lease lasts, how long to wait for one.</summary>
/// <param name="WorkerId">A name for the worker, at most 200 characters.</param>
/// <param name="Max">At most this many items, 1 to 100 (default 1).</param>
/// <param name="LeaseSeconds">How long each lease lasts, 1 to 3600 (default 60).</param>
/// <param name="WaitSeconds">How long to wait for an item, 0 to 30 (default 0).</param>
public sealed record PollRequest(string WorkerId, int? Max = null, int? LeaseSeconds = null, int? WaitSeconds = null);
