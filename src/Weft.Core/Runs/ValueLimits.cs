using System.Text.Json;
using System.Text.Json.Nodes;

namespace Weft.Core.Runs;

/// <summary>
/// Bounds on every value that enters a run's state: a start's input, an event's payload, a task's or a worker's
/// fields, an HTTP step's response, and every expression result, <c>set</c> value and script output. A run's state
/// nests these values a few levels deep, and it is serialized with <see cref="StateMaxDepth"/>, so a value held to
/// <see cref="MaxDepth"/> always fits: a checkpoint never fails to serialize.
/// </summary>
public static class ValueLimits
{
    /// <summary>How deep a value may nest (objects and arrays); also the depth <c>JSON.parse</c> takes in scripts.</summary>
    public const int MaxDepth = 32;

    /// <summary>The largest value, counted as its JSON text in UTF-8 (about).</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The most a run's variables and step outputs may hold together.</summary>
    public const long MaxStateBytes = 16 * 1024 * 1024;

    /// <summary>Takes <paramref name="value"/>'s size (about) from <paramref name="budget"/>; false once the budget is spent.</summary>
    public static bool Size(JsonNode? value, ref long budget)
    {
        long bytes = 0;
        Walk(value, 1, ref bytes, long.MaxValue);
        budget -= bytes;
        return budget >= 0;
    }

    /// <summary>How deep a run's stored state may nest: its own structure (at most a few levels per nested scope) above <see cref="MaxDepth"/>.</summary>
    public const int StateMaxDepth = 256;

    /// <summary>Null when <paramref name="value"/> is within the limits; otherwise what is wrong with it, naming <paramref name="what"/>.</summary>
    public static string? Problem(JsonNode? value, string what)
    {
        long bytes = 0;
        return Walk(value, 1, ref bytes, MaxBytes) switch
        {
            Outcome.TooDeep => $"{what} nests deeper than {MaxDepth} levels",
            Outcome.TooLarge => $"{what} is larger than {MaxBytes / 1024} KiB",
            _ => null,
        };
    }

    /// <summary>Throws <see cref="ValueLimitException"/> when <paramref name="value"/> is over a limit.</summary>
    public static void Check(JsonNode? value, string what)
    {
        long bytes = 0;
        switch (Walk(value, 1, ref bytes, MaxBytes))
        {
            case Outcome.TooDeep: throw new ValueLimitException($"{what} nests deeper than {MaxDepth} levels", tooLarge: false);
            case Outcome.TooLarge: throw new ValueLimitException($"{what} is larger than {MaxBytes / 1024} KiB", tooLarge: true);
        }
    }

    private enum Outcome { Fits, TooDeep, TooLarge }

    private static Outcome Walk(JsonNode? node, int depth, ref long bytes, long maxBytes)
    {
        switch (node)
        {
            case null:
                bytes += 4;
                break;
            case JsonObject o:
                if (depth > MaxDepth) return Outcome.TooDeep;
                bytes += 2;
                foreach (var (k, v) in o)
                {
                    bytes += k.Length + 4;
                    if (Walk(v, depth + 1, ref bytes, maxBytes) is var r and not Outcome.Fits) return r;
                }
                break;
            case JsonArray a:
                if (depth > MaxDepth) return Outcome.TooDeep;
                bytes += 2;
                foreach (var v in a)
                {
                    bytes += 1;
                    if (Walk(v, depth + 1, ref bytes, maxBytes) is var r and not Outcome.Fits) return r;
                }
                break;
            case JsonValue v:
                bytes += v.GetValueKind() == JsonValueKind.String && v.TryGetValue<string>(out var s) ? s.Length + 2 : 24;
                break;
        }
        return bytes > maxBytes ? Outcome.TooLarge : Outcome.Fits;
    }
}

/// <summary>A value over <see cref="ValueLimits"/>: at an API a 413 (too large) or 400 (too deep) naming it.</summary>
public sealed class ValueLimitException(string message, bool tooLarge) : Exception(message)
{
    public bool TooLarge { get; } = tooLarge;
}
