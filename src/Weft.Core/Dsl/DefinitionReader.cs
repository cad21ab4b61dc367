using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Weft.Core.Definitions;
using Weft.Core.Expressions;
using YamlDotNet.RepresentationModel;

namespace Weft.Core.Dsl;

/// <summary>Builds the model from a YAML node tree, collecting every problem instead of stopping at the first.</summary>
internal sealed partial class DefinitionReader
{
    private static readonly HashSet<string> TopLevelKeys = ["name", "namespace", "description", "version", "input", "timeout", "steps", "output", "schedules"];
    private static readonly HashSet<string> CommonStepKeys = ["id", "kind", "next", "retry", "timeout", "output", "assign", "description", "onError", "compensate"];

    public List<DefinitionProblem> Problems { get; } = [];

    private string? _step;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]{0,99}$")]
    private static partial Regex IdPattern();

    public WorkflowDefinition? Read(YamlNode root)
    {
        if (root is not YamlMappingNode map)
        {
            Add(root, "the definition must be a mapping with name and steps");
            return null;
        }
        CheckKeys(map, TopLevelKeys, null);
        var name = String(map, "name", required: true);
        if (name is not null && !IdPattern().IsMatch(name))
            Add(Child(map, "name")!, "name must start with a letter or '_' and hold only letters, digits, '_' and '-' (at most 100)", "name");
        var inputs = ReadInputs(Child(map, "input"));
        var timeout = ReadRunTimeout(Child(map, "timeout"));
        var output = Child(map, "output") is { } o ? Template(o, "output") : null;
        var steps = new List<StepDefinition>();
        if (Child(map, "steps") is not YamlSequenceNode seq || seq.Children.Count == 0)
        {
            Add(Child(map, "steps") ?? map, "steps must be a list with at least one step", "steps");
        }
        else
        {
            if (seq.Children.Count > DefinitionParser.MaxSteps) Add(seq, $"at most {DefinitionParser.MaxSteps} steps", "steps");
            foreach (var node in seq.Children)
            {
                var step = ReadStep(node);
                if (step is not null) steps.Add(step);
            }
        }
        _step = null;
        var schedules = ReadSchedules(Child(map, "schedules"), name ?? "", inputs);
        var definition = new WorkflowDefinition(name ?? "", steps)
        {
            Schedules = schedules,
            Description = String(map, "description"),
            Inputs = inputs,
            Timeout = timeout,
            Output = output,
        };
        Validate(definition);
        return definition;
    }

    private List<InputField> ReadInputs(YamlNode? node)
    {
        var list = new List<InputField>();
        if (node is null) return list;
        if (node is not YamlMappingNode map)
        {
            Add(node, "input must be a mapping of variable names to their type", "input");
            return list;
        }
        foreach (var (k, v) in map.Children)
        {
            var key = ((YamlScalarNode)k).Value ?? "";
            if (!IdPattern().IsMatch(key)) Add(k, $"input name '{key}' must start with a letter or '_' and hold only letters, digits, '_' and '-'", "input." + key);
            string? typeName;
            var required = false;
            JsonNode? def = null;
            string? description = null;
            if (v is YamlScalarNode s)
            {
                typeName = s.Value;
            }
            else if (v is YamlMappingNode m)
            {
                CheckKeys(m, ["type", "required", "default", "description", "readonly"], "input." + key);
                typeName = String(m, "type", required: true, field: "input." + key + ".type");
                required = Bool(m, "required") ?? false;
                def = Child(m, "default") is { } d ? YamlValues.ToJson(d) : null;
                description = String(m, "description");
            }
            else
            {
                Add(v, "an input is a type name or a mapping with type, required, default", "input." + key);
                continue;
            }
            if (typeName is null) continue;
            if (!TryParseName<InputType>(typeName, out var type))
            {
                Add(v, $"unknown input type '{typeName}' (string, number, integer, boolean, datetime, decimal, object, array)", "input." + key + ".type");
                continue;
            }
            var field = new InputField(key, type, required, def, description);
            if (def is not null && InputValidator.Check(field, def) is { } problem)
                Add(Child((YamlMappingNode)v, "default")!, "default " + problem, "input." + key + ".default");
            list.Add(field);
        }
        return list;
    }

    private RunTimeout? ReadRunTimeout(YamlNode? node)
    {
        if (node is null) return null;
        if (node is YamlScalarNode)
        {
            var d = DurationOf(node, "timeout");
            return d is null ? null : new RunTimeout(d.Value, TimeoutPolicy.Fail);
        }
        if (node is not YamlMappingNode map)
        {
            Add(node, "timeout is a duration or { after, policy }", "timeout");
            return null;
        }
        CheckKeys(map, ["after", "policy"], "timeout");
        var after = Child(map, "after") is { } a ? DurationOf(a, "timeout.after") : null;
        if (Child(map, "after") is null) Add(map, "timeout needs 'after'", "timeout.after");
        var policy = TimeoutPolicy.Fail;
        if (String(map, "policy") is { } p && !TryParseName(p, out policy))
            Add(Child(map, "policy")!, $"unknown timeout policy '{p}' (fail, alert)", "timeout.policy");
        return after is null ? null : new RunTimeout(after.Value, policy);
    }

    private TimeSpan? DurationOf(YamlNode node, string field)
    {
        if (node is YamlScalarNode s && Duration.TryParse(s.Value, out var d)) return d;
        Add(node, $"'{(node as YamlScalarNode)?.Value}' is not a duration (such as 30s, 5m, 2d or PT30S)", field);
        return null;
    }

    private RetryPolicy ReadRetry(YamlNode? node)
    {
        if (node is null) return RetryPolicy.None;
        if (node is not YamlMappingNode map)
        {
            Add(node, "retry is a mapping: { attempts, backoff, delay, maxDelay }", "retry");
            return RetryPolicy.None;
        }
        CheckKeys(map, ["attempts", "backoff", "delay", "maxDelay"], "retry");
        var attempts = Int(map, "attempts") ?? 3;
        if (attempts is < 1 or > 100) Add(Child(map, "attempts")!, "attempts must be between 1 and 100", "retry.attempts");
        var backoff = BackoffKind.Exponential;
        if (String(map, "backoff") is { } b && !TryParseName(b, out backoff))
            Add(Child(map, "backoff")!, $"unknown backoff '{b}' (fixed, exponential)", "retry.backoff");
        var delay = Child(map, "delay") is { } dn ? DurationOf(dn, "retry.delay") ?? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(1);
        var max = Child(map, "maxDelay") is { } mn ? DurationOf(mn, "retry.maxDelay") ?? TimeSpan.FromMinutes(5) : TimeSpan.FromMinutes(5);
        return new RetryPolicy(attempts, backoff, delay, max);
    }

    private StepDefinition? ReadStep(YamlNode node)
    {
        _step = null;
        if (node is not YamlMappingNode map)
        {
            Add(node, "a step is a mapping with id and kind");
            return null;
        }
        var id = String(map, "id", required: true);
        if (id is not null && !IdPattern().IsMatch(id)) Add(Child(map, "id")!, "a step id must start with a letter or '_' and hold only letters, digits, '_' and '-' (at most 100)", "id");
        _step = id;
        var kind = String(map, "kind", required: true);
        if (id is null || kind is null) return null;
        var common = new StepCommon(
            id,
            String(map, "next"),
            ReadRetry(Child(map, "retry")),
            Child(map, "timeout") is { } t ? DurationOf(t, "timeout") : null,
            Child(map, "output") is { } o && kind != "end" ? Template(o, "output") : null,
            kind == "human" ? [] : ReadAssignments(Child(map, "assign"), "assign"),
            map.Start);
        StepDefinition? step = kind switch
        {
            "set" => ReadSet(map, common),
            "script" => ReadScript(map, common),
            "switch" => ReadSwitch(map, common),
            "http" => ReadHttp(map, common),
            "delay" => ReadDelay(map, common),
            "until" => ReadUntil(map, common),
            "fail" => ReadFail(map, common),
            "end" => ReadEnd(map, common),
            "parallel" => ReadParallel(map, common),
            "forEach" => ReadForEach(map, common),
            "while" => ReadWhile(map, common),
            "event" => ReadEvent(map, common),
            "human" => ReadHuman(map, common),
            "subworkflow" => ReadSubworkflow(map, common),
            "integration" => ReadIntegration(map, common),
            _ => null,
        };
        _step = id;
        if (step is null && !KnownKinds.Contains(kind))
            Add(Child(map, "kind")!, $"unknown step kind '{kind}' ({string.Join(", ", KnownKinds)})", "kind");
        if (step is null) return null;
        step.OnError = ReadOnError(Child(map, "onError"));
        if (Child(map, "compensate") is { } comp)
        {
            step.Compensate = ReadBlock(comp, "compensate", map);
            _step = id;
        }
        return step;
    }

    private static readonly List<string> KnownKinds = ["set", "script", "switch", "http", "delay", "until", "fail", "end", "parallel", "forEach", "while", "event", "human", "subworkflow", "integration"];
}
