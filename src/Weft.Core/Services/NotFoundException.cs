namespace Weft.Core.Services;

/// <summary>A namespace, definition or run that does not exist (404).</summary>
public sealed class NotFoundException(string message) : Exception(message);
