using System.Text.Json.Nodes;
using Weft.Core.Expressions;
using YamlDotNet.RepresentationModel;

namespace Weft.Core.Dsl;

internal sealed partial class DefinitionReader
{
    private void Add(YamlNode node, string message, string? field = null) =>
        Problems.Add(new DefinitionProblem(message, (int)node.Start.Line, (int)node.Start.Column, _step, field));

    private static YamlNode? Child(YamlMappingNode map, string key)
    {
        foreach (var (k, v) in map.Children)
            if (k is YamlScalarNode s && s.Value == key) return v;
        return null;
    }

    private void CheckKeys(YamlMappingNode map, HashSet<string> allowed, string? context)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var k in map.Children.Keys)
        {
            if (k is not YamlScalarNode s)
            {
                Add(k, "keys must be plain names");
                continue;
            }
            var key = s.Value ?? "";
            if (!seen.Add(key)) Add(k, $"'{key}' is given twice", key);
            else if (!allowed.Contains(key)) Add(k, $"unknown field '{key}'" + (context is null ? "" : $" in {context}") + $" (expected one of: {string.Join(", ", allowed.Order())})", key);
        }
    }

    private string? String(YamlMappingNode map, string key, bool required = false, string? field = null)
    {
        var node = Child(map, key);
        if (node is null)
        {
            if (required) Add(map, $"'{key}' is required", field ?? key);
            return null;
        }
        if (node is not YamlScalarNode s || string.IsNullOrEmpty(s.Value))
        {
            Add(node, $"'{key}' must be a non-empty text value, not {YamlValues.Describe(node)}", field ?? key);
            return null;
        }
        return s.Value;
    }

    /// <summary>
    /// Reads one of an enum's names, ignoring case. Unlike <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/>
    /// it refuses numbers ("1") and comma lists ("string, number"), which would otherwise pick some other member.
    /// </summary>
    private static bool TryParseName<TEnum>(string text, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var name in Enum.GetNames<TEnum>())
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase)) return Enum.TryParse(name, out value);
        }
        value = default;
        return false;
    }

    private bool? Bool(YamlMappingNode map, string key)
    {
        var node = Child(map, key);
        if (node is null) return null;
        if (node is YamlScalarNode s && YamlValues.Scalar(s) is JsonValue v && v.TryGetValue<bool>(out var b)) return b;
        Add(node, $"'{key}' must be true or false", key);
        return null;
    }

    private int? Int(YamlMappingNode map, string key)
    {
        var node = Child(map, key);
        if (node is null) return null;
        if (node is YamlScalarNode s && int.TryParse(s.Value, out var i)) return i;
        Add(node, $"'{key}' must be a whole number", key);
        return null;
    }

    /// <summary>Compiles a value that may hold expressions; a syntax error is reported at its line and column.</summary>
    private Template? Template(YamlNode node, string field)
    {
        try
        {
            return node switch
            {
                YamlScalarNode s => YamlValues.Scalar(s) is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String
                    ? Expressions.Template.FromString(v.GetValue<string>())
                    : Expressions.Template.Literal(YamlValues.Scalar(s)),
                YamlSequenceNode seq => ArrayTemplate(seq, field),
                YamlMappingNode map => ObjectTemplate(map, field),
                _ => null,
            };
        }
        catch (ExpressionSyntaxException e)
        {
            var col = e.Line == 1 ? (int)node.Start.Column + e.Column - 1 + (node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.DoubleQuoted or YamlDotNet.Core.ScalarStyle.SingleQuoted } ? 1 : 0) : e.Column;
            Problems.Add(new DefinitionProblem($"expression does not parse: {e.Message}", (int)node.Start.Line + e.Line - 1, col, _step, field));
            return null;
        }
    }

    private Template? ArrayTemplate(YamlSequenceNode seq, string field)
    {
        var items = new List<Template>();
        var ok = true;
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var t = Template(seq.Children[i], $"{field}[{i}]");
            if (t is null) ok = false;
            else items.Add(t);
        }
        return ok ? Expressions.Template.Array(items, (JsonArray)YamlValues.ToJson(seq)!) : null;
    }

    private Template? ObjectTemplate(YamlMappingNode map, string field)
    {
        var members = new List<KeyValuePair<string, Template>>();
        var ok = true;
        foreach (var (k, v) in map.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? "";
            var t = Template(v, field + "." + key);
            if (t is null) ok = false;
            else members.Add(new(key, t));
        }
        return ok ? Expressions.Template.Object(members, (JsonObject)YamlValues.ToJson(map)!) : null;
    }
}
