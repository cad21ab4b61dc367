namespace Weft.Contracts.Integration;

/// <summary>The body of <c>POST .../integration-items/{id}/fail</c>.</summary>
/// <param name="LeaseToken">The lease token the poll gave with the item.</param>
/// <param name="Error">What went wrong, at most 4000 characters.</param>
/// <param name="Retryable">Whether the step's retry policy may try again (default true).</param>
public sealed record FailRequest(long? LeaseToken, string Error, bool? Retryable = null);
