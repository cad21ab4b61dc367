using System.Text.Json.Nodes;
using Weft.Core.Definitions;
using Weft.Core.Schedules;
using YamlDotNet.RepresentationModel;

namespace Weft.Core.Dsl;

internal sealed partial class DefinitionReader
{
    /// <summary>At most this many schedules per definition.</summary>
    public const int MaxSchedules = 100;

    private static readonly HashSet<string> ScheduleKeys = ["id", "cron", "timezone", "input", "misfire", "enabled"];

    /// <summary>Reads <c>schedules:</c>; each schedule's input is checked against the definition's typed input.</summary>
    private List<ScheduleDefinition> ReadSchedules(YamlNode? node, string name, List<InputField> inputs)
    {
        var list = new List<ScheduleDefinition>();
        if (node is null) return list;
        if (node is not YamlSequenceNode seq)
        {
            Add(node, "schedules must be a list of { cron, timezone, input, misfire }", "schedules");
            return list;
        }
        if (seq.Children.Count > MaxSchedules) Add(seq, $"at most {MaxSchedules} schedules", "schedules");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var field = $"schedules[{i}]";
            if (seq.Children[i] is not YamlMappingNode map)
            {
                Add(seq.Children[i], "a schedule is a mapping with cron (and timezone, input, misfire, enabled)", field);
                continue;
            }
            CheckKeys(map, ScheduleKeys, "a schedule");
            var id = String(map, "id", field: field + ".id") ?? $"s{i + 1}";
            if (!IdPattern().IsMatch(id)) Add(Child(map, "id")!, "a schedule id must start with a letter or '_' and hold only letters, digits, '_' and '-'", field + ".id");
            else if (!ids.Add(id)) Add(Child(map, "id") ?? map, $"schedule id '{id}' is used twice", field + ".id");
            var cronText = String(map, "cron", required: true, field: field + ".cron");
            var zone = String(map, "timezone", field: field + ".timezone") ?? "UTC";
            CronSchedule? cron = null;
            if (cronText is not null)
            {
                cron = CronSchedule.TryParse(cronText, zone, out var error);
                if (cron is null)
                {
                    var zoneWrong = error!.StartsWith("unknown time zone", StringComparison.Ordinal);
                    var at = zoneWrong ? Child(map, "timezone")! : Child(map, "cron")!;
                    Add(at, $"schedule '{id}': {error}", field + (zoneWrong ? ".timezone" : ".cron"));
                }
            }
            var misfire = MisfirePolicy.Skip;
            if (String(map, "misfire", field: field + ".misfire") is { } m && !TryParseName(m, out misfire))
                Add(Child(map, "misfire")!, $"schedule '{id}': unknown misfire policy '{m}' (skip, catchUp)", field + ".misfire");
            var enabled = Bool(map, "enabled") ?? true;
            var input = ReadScheduleInput(Child(map, "input"), id, field, name, inputs);
            if (cron is not null && input is not null) list.Add(new ScheduleDefinition(id, cron, zone, input, misfire, enabled));
        }
        return list;
    }

    private JsonObject? ReadScheduleInput(YamlNode? node, string id, string field, string name, List<InputField> inputs)
    {
        if (node is null) return [];
        if (node is not YamlMappingNode || YamlValues.ToJson(node) is not JsonObject input)
        {
            Add(node, $"schedule '{id}': input must be a mapping of input names to values", field + ".input");
            return null;
        }
        try
        {
            InputValidator.Validate(new WorkflowDefinition(name, []) { Inputs = inputs }, input);
            return input;
        }
        catch (InputException e)
        {
            foreach (var p in e.Problems)
            {
                var at = p.Field is { } f && Child((YamlMappingNode)node, f) is { } valueNode ? valueNode : node;
                Add(at, $"schedule '{id}': input {p.Message}", $"{field}.input.{p.Field}");
            }
            return null;
        }
    }
}
