using Weft.Core.Definitions;

namespace Weft.Core.Dsl;

internal sealed partial class DefinitionReader
{
    /// <summary>Checks what spans steps: unique ids, jump targets that exist, and loops that can never reach an end.</summary>
    private void Validate(WorkflowDefinition definition)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in definition.Steps)
        {
            if (!seen.Add(step.Id))
                Problems.Add(new DefinitionProblem($"step id '{step.Id}' is used more than once", step.Line, step.Column, step.Id, "id"));
            if (step.Next is { } n && definition.Find(n) is null)
                Problems.Add(new DefinitionProblem($"'next' goes to '{n}', which is not a step", step.Line, step.Column, step.Id, "next"));
            foreach (var target in step.Jumps.Where(t => definition.Find(t) is null))
                Problems.Add(new DefinitionProblem($"goes to '{target}', which is not a step", step.Line, step.Column, step.Id, step switch
                {
                    SwitchStep s when s.Default == target => "default",
                    EventStep => "onTimeout",
                    _ => "goto",
                }));
        }
        if (Problems.Count > 0 || definition.Steps.Count == 0) return;

        // A step "can finish" when some path from it reaches a terminal step or falls off the end.
        var canFinish = new HashSet<string>(StringComparer.Ordinal);
        bool changed;
        do
        {
            changed = false;
            foreach (var step in definition.Steps)
            {
                if (canFinish.Contains(step.Id)) continue;
                var successors = Successors(definition, step);
                if (step.Terminal || successors.Count == 0 || successors.Any(s => s is null || canFinish.Contains(s)))
                    changed |= canFinish.Add(step.Id);
            }
        }
        while (changed);

        var reachable = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([definition.Steps[0].Id]);
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            if (!reachable.Add(id)) continue;
            foreach (var s in Successors(definition, definition.Find(id)!)) if (s is not null) stack.Push(s);
        }
        foreach (var step in definition.Steps.Where(s => reachable.Contains(s.Id) && !canFinish.Contains(s.Id)))
            Problems.Add(new DefinitionProblem($"step '{step.Id}' is in a loop with no way out: no path from it reaches an end", step.Line, step.Column, step.Id, "next"));
    }

    /// <summary>Where a step may go; null stands for "the run ends here".</summary>
    private static List<string?> Successors(WorkflowDefinition definition, StepDefinition step)
    {
        if (step.Terminal) return [];
        var list = new List<string?>();
        if (step is SwitchStep sw)
        {
            list.AddRange(sw.Cases.Select(c => (string?)c.Goto));
            list.Add(sw.Default ?? definition.After(step));
            return list;
        }
        list.Add(definition.After(step));
        list.AddRange(step.Jumps);
        return list;
    }
}
