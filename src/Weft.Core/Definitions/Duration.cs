using System.Globalization;
using System.Xml;

namespace Weft.Core.Definitions;

/// <summary>Parses durations written as <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>2h</c>, <c>2d</c>, ISO 8601 (<c>PT30S</c>) or a number of seconds.</summary>
public static class Duration
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        if (s.StartsWith('P') || s.StartsWith('p'))
        {
            try { value = XmlConvert.ToTimeSpan(s.ToUpperInvariant()); return value >= TimeSpan.Zero; }
            catch (Exception e) when (e is FormatException or OverflowException) { return false; }
        }
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var secs))
            return FromSeconds(secs, out value);
        var totalMs = 0.0;
        var i = 0;
        var any = false;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsDigit(s[i]) || s[i] == '.')) i++;
            if (start == i) return false;
            if (!double.TryParse(s.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var n)) return false;
            var ustart = i;
            while (i < s.Length && char.IsLetter(s[i])) i++;
            var unit = s[ustart..i].ToLowerInvariant();
            double factorMs = unit switch
            {
                "ms" => 1,
                "s" => 1000,
                "m" => 60_000,
                "h" => 3_600_000,
                "d" => 86_400_000,
                "w" => 7 * 86_400_000.0,
                _ => -1,
            };
            if (factorMs < 0) return false;
            totalMs += n * factorMs;
            any = true;
            while (i < s.Length && s[i] == ' ') i++;
        }
        return any && FromSeconds(totalMs / 1000, out value);
    }

    public static bool FromSeconds(double seconds, out TimeSpan value)
    {
        value = default;
        if (double.IsNaN(seconds) || seconds < 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2) return false;
        value = TimeSpan.FromSeconds(seconds);
        return true;
    }
}
