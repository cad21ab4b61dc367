namespace Weft.Core.Services;

/// <summary>A request that does not fit the current state, such as ending a run that has ended (409).</summary>
public sealed class ConflictException(string message) : Exception(message);
