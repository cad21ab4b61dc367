using Weft.Core.Definitions;
using YamlDotNet.RepresentationModel;

namespace Weft.Core.Dsl;

internal sealed partial class DefinitionReader
{
    /// <summary>Reads a nested list of steps (a branch, a loop body, a compensation).</summary>
    private List<StepDefinition> ReadBlock(YamlNode? node, string field, YamlNode parent)
    {
        var owner = _step;
        var steps = new List<StepDefinition>();
        if (node is not YamlSequenceNode seq || seq.Children.Count == 0)
        {
            Add(node ?? parent, $"'{field}' must be a list with at least one step", field);
            return steps;
        }
        foreach (var child in seq.Children)
            if (ReadStep(child) is { } step) steps.Add(step);
        _step = owner;
        return steps;
    }

    private ParallelStep? ReadParallel(YamlMappingNode map, StepCommon c)
    {
        CheckKeys(map, [.. CommonStepKeys, "branches", "join", "continueOnError"], c.Id);
        var branches = new List<ParallelBranch>();
        switch (Child(map, "branches"))
        {
            case YamlMappingNode named:
                // branches: { name: [steps], other: [steps] }
                foreach (var (k, v) in named.Children)
                {
                    var name = ((YamlScalarNode)k).Value ?? "";
                    if (!IdPattern().IsMatch(name)) Add(k, $"branch name '{name}' must start with a letter or '_' and hold only letters, digits, '_' and '-'", "branches." + name);
                    branches.Add(new ParallelBranch(name, ReadBlock(v, "branches." + name, k)));
                }
                break;
            case YamlSequenceNode list:
                // branches: [ { name?, steps: [...] } ] or [ [steps], [steps] ]
                for (var i = 0; i < list.Children.Count; i++)
                {
                    var b = list.Children[i];
                    var field = $"branches[{i}]";
                    if (b is YamlMappingNode bm)
                    {
                        CheckKeys(bm, ["name", "steps"], field);
                        var name = String(bm, "name", field: field + ".name") ?? "b" + i;
                        branches.Add(new ParallelBranch(name, ReadBlock(Child(bm, "steps"), field + ".steps", bm)));
                    }
                    else
                    {
                        branches.Add(new ParallelBranch("b" + i, ReadBlock(b, field, b)));
                    }
                }
                break;
            default:
                Add(Child(map, "branches") ?? map, "a parallel step needs 'branches': a mapping of branch names to lists of steps", "branches");
                return null;
        }
        if (branches.Count == 0) Add(Child(map, "branches")!, "a parallel step needs at least one branch", "branches");
        foreach (var dup in branches.GroupBy(b => b.Name).Where(g => g.Count() > 1))
            Add(Child(map, "branches")!, $"branch name '{dup.Key}' is used more than once", "branches");
        var join = JoinPolicy.All;
        if (Child(map, "join") is YamlScalarNode j)
        {
            if (j.Value == "all") join = JoinPolicy.All;
            else if (j.Value == "any") join = JoinPolicy.Any;
            else if (int.TryParse(j.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= branches.Count) join = new JoinPolicy(n);
            else Add(j, $"join is all, any, or a number of branches from 1 to {branches.Count}", "join");
        }
        else if (Child(map, "join") is { } jn)
        {
            Add(jn, "join is all, any, or a number of branches", "join");
        }
        return c.Fill(new ParallelStep
        {
            Id = c.Id,
            Branches = branches, Join = join, ContinueOnError = Bool(map, "continueOnError") ?? false,
        });
    }

    private ForEachStep? ReadForEach(YamlMappingNode map, StepCommon c)
    {
        CheckKeys(map, [.. CommonStepKeys, "items", "concurrency", "continueOnError", "steps"], c.Id);
        var items = Child(map, "items") is { } i ? Template(i, "items") : null;
        if (Child(map, "items") is null) Add(map, "a forEach step needs 'items': an array, or an expression giving one", "items");
        var concurrency = Int(map, "concurrency") ?? 1;
        if (concurrency is < 1 or > 1000) Add(Child(map, "concurrency")!, "concurrency must be between 1 and 1000", "concurrency");
        var steps = ReadBlock(Child(map, "steps"), "steps", map);
        return items is null ? null : c.Fill(new ForEachStep
        {
            Id = c.Id,
            Items = items, Concurrency = concurrency, ContinueOnError = Bool(map, "continueOnError") ?? false, Steps = steps,
        });
    }

    private WhileStep? ReadWhile(YamlMappingNode map, StepCommon c)
    {
        CheckKeys(map, [.. CommonStepKeys, "condition", "maxIterations", "steps"], c.Id);
        var condition = Child(map, "condition") is { } w ? Template(w, "condition") : null;
        if (Child(map, "condition") is null) Add(map, "a while step needs 'condition'", "condition");
        var max = Int(map, "maxIterations") ?? 100;
        if (max is < 1 or > 100_000) Add(Child(map, "maxIterations")!, "maxIterations must be between 1 and 100000", "maxIterations");
        var steps = ReadBlock(Child(map, "steps"), "steps", map);
        return condition is null ? null : c.Fill(new WhileStep
        {
            Id = c.Id,
            Condition = condition, MaxIterations = max, Steps = steps,
        });
    }

    /// <summary><c>onError: fail | continue | { goto: step }</c> (also the short form <c>goto:step</c>).</summary>
    private ErrorPolicy ReadOnError(YamlNode? node)
    {
        switch (node)
        {
            case null:
                return ErrorPolicy.Fail;
            case YamlScalarNode s when s.Value == "fail":
                return ErrorPolicy.Fail;
            case YamlScalarNode s when s.Value == "continue":
                return new ErrorPolicy(ErrorAction.Continue);
            case YamlMappingNode m when Child(m, "goto") is YamlScalarNode { Value: { Length: > 0 } target } && m.Children.Count == 1:
                return new ErrorPolicy(ErrorAction.Goto, target);
            default:
                Add(node, "onError is fail, continue, or { goto: <step id> }", "onError");
                return ErrorPolicy.Fail;
        }
    }
}
