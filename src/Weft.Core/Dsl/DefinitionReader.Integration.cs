using System.Text.RegularExpressions;
using Weft.Core.Definitions;
using Weft.Core.Integration;
using YamlDotNet.RepresentationModel;

namespace Weft.Core.Dsl;

internal sealed partial class DefinitionReader
{
    /// <summary>At most this many fields on one integration step.</summary>
    private const int MaxIntegrationFields = 100;

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,199}$")]
    private static partial Regex QueuePattern();

    private IntegrationStep? ReadIntegration(YamlMappingNode map, StepCommon c)
    {
        CheckKeys(map, [.. CommonStepKeys, "queue", "fields"], c.Id);
        var queue = String(map, "queue", required: true);
        if (queue is not null && !QueuePattern().IsMatch(queue))
            Add(Child(map, "queue")!, "a queue name holds only letters, digits, '_', '-', '.' and ':' (at most 200)", "queue");
        var fields = new List<IntegrationField>();
        var node = Child(map, "fields");
        if (node is not null and not YamlSequenceNode)
        {
            Add(node, "'fields' must be a list of { key, type, value, output, required }", "fields");
        }
        else if (node is YamlSequenceNode seq)
        {
            if (seq.Children.Count > MaxIntegrationFields) Add(seq, $"at most {MaxIntegrationFields} fields", "fields");
            for (var i = 0; i < seq.Children.Count; i++)
            {
                if (ReadIntegrationField(seq.Children[i], $"fields[{i}]") is not { } field) continue;
                if (fields.Any(f => f.Key == field.Key)) Add(seq.Children[i], $"field '{field.Key}' is given twice", $"fields[{i}].key");
                else fields.Add(field);
            }
        }
        if (queue is null) return null;
        return c.Fill(new IntegrationStep
        {
            Id = c.Id,
            Queue = queue,
            Fields = fields,
        });
    }

    private IntegrationField? ReadIntegrationField(YamlNode node, string at)
    {
        if (node is not YamlMappingNode fm)
        {
            Add(node, "a field is { key, type, label, value, output, required }", at);
            return null;
        }
        CheckKeys(fm, ["key", "type", "label", "value", "output", "required"], at);
        var key = String(fm, "key", required: true, field: at + ".key");
        if (key is not null && !IdPattern().IsMatch(key))
            Add(Child(fm, "key")!, $"field key '{key}' must start with a letter or '_' and hold only letters, digits, '_' and '-'", at + ".key");
        var typeName = String(fm, "type", required: true, field: at + ".type");
        var type = typeName is null ? null : IntegrationFields.ParseType(typeName.ToLowerInvariant());
        if (typeName is not null && type is null)
            Add(Child(fm, "type")!, $"unknown field type '{typeName}' (string, number, integer, boolean, datetime, decimal, object, array)", at + ".type");
        var value = Child(fm, "value") is { } v ? Template(v, at + ".value") : null;
        var output = Bool(fm, "output") ?? false;
        var required = Bool(fm, "required") ?? false;
        if (key is null || type is null) return null;
        if (value is { IsConstant: true } && value.Evaluate(null!) is { } constant &&
            IntegrationFields.Check(IntegrationFields.Describe(new IntegrationField(key, null, type.Value, null, output, required), null), constant) is { } problem)
            Add(Child(fm, "value")!, $"value {problem}", at + ".value");
        return new IntegrationField(key, String(fm, "label"), type.Value, value, output, required);
    }
}
