namespace Weft.Core.Expressions;

/// <summary>An expression that does not parse, with the position inside the expression's text.</summary>
public sealed class ExpressionSyntaxException(string message, int line, int column) : Exception(message)
{
    public int Line { get; } = line;

    public int Column { get; } = column;
}
