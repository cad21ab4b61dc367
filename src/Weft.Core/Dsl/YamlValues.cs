using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Weft.Core.Dsl;

/// <summary>Turns YAML nodes (which also carry parsed JSON) into JSON values, reading plain scalars as YAML 1.2's core schema does.</summary>
internal static partial class YamlValues
{
    public static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlScalarNode s => Scalar(s),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlMappingNode map => ToObject(map),
        _ => null,
    };

    private static JsonObject ToObject(YamlMappingNode map)
    {
        var o = new JsonObject();
        foreach (var (k, v) in map.Children) o[((YamlScalarNode)k).Value ?? ""] = ToJson(v);
        return o;
    }

    public static JsonNode? Scalar(YamlScalarNode s)
    {
        var v = s.Value;
        if (s.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
            return JsonValue.Create(v ?? "");
        if (v is null or "" or "~" or "null" or "Null" or "NULL") return null;
        if (v is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (v is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (LooksNumeric(v))
        {
            if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return JsonValue.Create(l);
            if (decimal.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) && !v.Contains('e') && !v.Contains('E'))
            {
                // The text as written when JSON takes it (all its digits), else the decimal's (.5, 00.5 and 1. are not JSON).
                var t = v.TrimStart('+');
                return JsonNode.Parse(JsonNumber().IsMatch(t) ? t : m.ToString(CultureInfo.InvariantCulture));
            }
            if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return JsonValue.Create(d);
        }
        return JsonValue.Create(v);
    }

    /// <summary>True for a plain scalar read as a number that no 64-bit floating point value holds (<c>1e99999</c>, 400 digits).</summary>
    public static bool IsOutOfRange(string v) =>
        v.Length > 0 && LooksNumeric(v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsInfinity(d);

    private static bool LooksNumeric(string v)
    {
        var start = v[0] is '-' or '+' ? 1 : 0;
        return v.Length > start && (char.IsDigit(v[start]) || (v[start] == '.' && v.Length > start + 1 && char.IsDigit(v[start + 1])))
            && v.All(c => char.IsDigit(c) || c is '.' or 'e' or 'E' or '-' or '+');
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$")]
    private static partial System.Text.RegularExpressions.Regex JsonNumber();

    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode => "a value",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "something else",
    };
}
