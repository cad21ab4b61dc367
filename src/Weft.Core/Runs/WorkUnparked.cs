namespace Weft.Core.Runs;

/// <summary>
/// A paused run is resumed: every work row it parked while paused (due at <see cref="Parked"/>) becomes due now.
/// </summary>
public sealed record WorkUnparked : RunEffect
{
    /// <summary>The due time a parked row gets: far beyond any real timer, so nothing claims it until the run is resumed.</summary>
    public static readonly DateTimeOffset Parked = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);
}
