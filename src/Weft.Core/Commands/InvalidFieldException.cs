namespace Weft.Core.Commands;

/// <summary>A command's field that does not fit (400): names the field in the request's terms.</summary>
public sealed class InvalidFieldException(string message, string field) : Exception(message)
{
    public string Field { get; } = field;
}
