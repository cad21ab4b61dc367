namespace Weft.Core.Expressions;

/// <summary>Bounds on what one expression or script may use. Settings: <c>Weft:Expressions:*</c>.</summary>
public sealed class ExpressionLimits
{
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    public int MaxStatements { get; set; } = 100_000;

    public int MaxRecursion { get; set; } = 64;

    /// <summary>Bytes one evaluation may allocate; checked between statements and inside long built-in calls.</summary>
    public long MaxAllocatedBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>How long one regular expression match may run (a backtracking pattern is stopped here).</summary>
    public TimeSpan RegexTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest array a script may make (<c>new Array(n)</c>, <c>length = n</c>, spreads, <c>Array.from</c>).</summary>
    public int MaxArrayLength { get; set; } = 1_000_000;

    /// <summary>Refuses limits that would leave expressions unbounded or unusable; called at start.</summary>
    public void Validate()
    {
        if (Timeout <= TimeSpan.Zero || MaxStatements < 1 || MaxRecursion < 1 || MaxAllocatedBytes < 1024 * 1024
            || RegexTimeout <= TimeSpan.Zero || RegexTimeout > Timeout || MaxArrayLength < 1000)
            throw new InvalidOperationException(
                "Weft:Expressions: Timeout must be above zero, MaxStatements and MaxRecursion at least 1, MaxAllocatedBytes at least 1048576, " +
                "RegexTimeout above zero and at most Timeout, MaxArrayLength at least 1000.");
    }
}
