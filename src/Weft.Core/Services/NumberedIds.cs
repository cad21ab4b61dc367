using System.Globalization;
using Weft.Core.Storage;

namespace Weft.Core.Services;

/// <summary>
/// Where an id of a run, task, integration item or definition version is taken, its number in the namespace is taken
/// too: a value of digits alone is a number (ids are UUIDs, never all digits) and is looked up in the namespace;
/// anything else is an id and is given back as it is. A number that names nothing is given back as it is too, so the
/// caller's usual lookup answers "not found" with the value the user sent.
/// </summary>
public sealed class NumberedIds(IWeftStore store)
{
    /// <summary>The kinds of numbered rows.</summary>
    public enum Kind
    {
        Run,
        Task,
        Item,
        Definition,
    }

    /// <summary>True when <paramref name="value"/> is digits alone (a number, not an id).</summary>
    public static bool IsNumber(string? value, out long number)
    {
        number = 0;
        return !string.IsNullOrEmpty(value) && value.Length <= 18 && value.All(char.IsAsciiDigit)
            && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    /// <summary>The id that <paramref name="idOrNumber"/> names in <paramref name="ns"/>.</summary>
    public async Task<string> IdAsync(Kind kind, string ns, string idOrNumber, CancellationToken ct)
    {
        if (!IsNumber(idOrNumber, out var number)) return idOrNumber;
        var id = kind switch
        {
            Kind.Run => (await store.Runs.GetByNumberAsync(ns, number, ct))?.Id,
            Kind.Task => (await store.Tasks.GetByNumberAsync(ns, number, ct))?.Id,
            Kind.Item => (await store.Integration.GetByNumberAsync(ns, number, ct))?.Id,
            _ => (await store.Definitions.GetByNumberAsync(ns, number, ct))?.Id,
        };
        return id ?? idOrNumber;
    }
}
