namespace Weft.Core.Services;

/// <summary>A well-formed request that the resource refuses (422), naming the field at fault.</summary>
public sealed class UnprocessableException(string message, string field) : Exception(message)
{
    public string Field { get; } = field;
}
