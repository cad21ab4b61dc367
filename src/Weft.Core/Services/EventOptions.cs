using Weft.Core.Definitions;

namespace Weft.Core.Services;

/// <summary>Settings under <c>Weft:Events</c>.</summary>
public sealed class EventOptions
{
    /// <summary>How long an event that no run waits for is kept for a run that waits later; zero keeps none.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Reads <c>Retention</c> written as a duration (<c>1h</c>, <c>30m</c>, <c>PT1H</c>, <c>0</c>) or <c>hh:mm:ss</c>.</summary>
    public static EventOptions From(string? retention)
    {
        var options = new EventOptions();
        if (string.IsNullOrWhiteSpace(retention)) return options;
        if (Duration.TryParse(retention, out var d) || (TimeSpan.TryParse(retention, System.Globalization.CultureInfo.InvariantCulture, out d) && d >= TimeSpan.Zero))
            options.Retention = d;
        else
            throw new InvalidOperationException($"Weft:Events:Retention '{retention}' is not a duration (such as 1h, 30m, PT1H or 0).");
        return options;
    }
}
