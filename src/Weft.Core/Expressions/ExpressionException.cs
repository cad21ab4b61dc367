namespace Weft.Core.Expressions;

/// <summary>An expression that failed while it ran: a thrown error, or a limit it went past.</summary>
public sealed class ExpressionException(string message, Exception? inner = null) : Exception(message, inner);
