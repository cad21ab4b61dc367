namespace Weft.Core.Services;

/// <summary>A well-formed request whose content does not fit, such as a field value of the wrong type (422); names the field.</summary>
public sealed class UnprocessableException(string message, string? field = null) : Exception(message)
{
    public string? Field { get; } = field;
}
