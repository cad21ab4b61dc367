namespace Weft.Core.Services;

/// <summary>A namespace, definition, run (or, with <see cref="Field"/>, a thing a request field names) that does not exist (404).</summary>
public sealed class NotFoundException(string message, string? field = null) : Exception(message)
{
    /// <summary>The request field that named what does not exist, or null.</summary>
    public string? Field { get; } = field;
}
