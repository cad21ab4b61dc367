namespace Weft.Core.Definitions;

/// <summary>How a failed step is tried again: total attempts, the wait between them, and its growth.</summary>
public sealed record RetryPolicy(int Attempts, BackoffKind Backoff, TimeSpan Delay, TimeSpan MaxDelay)
{
    public static readonly RetryPolicy None = new(1, BackoffKind.Fixed, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>The wait before attempt <paramref name="nextAttempt"/> (2 for the first retry).</summary>
    public TimeSpan DelayBefore(int nextAttempt)
    {
        if (Backoff == BackoffKind.Fixed) return Delay;
        var factor = Math.Pow(2, Math.Max(0, nextAttempt - 2));
        var ms = Math.Min(Delay.TotalMilliseconds * factor, MaxDelay > TimeSpan.Zero ? MaxDelay.TotalMilliseconds : double.MaxValue);
        return TimeSpan.FromMilliseconds(Math.Min(ms, TimeSpan.FromDays(365).TotalMilliseconds));
    }
}

public enum BackoffKind { Fixed, Exponential }
