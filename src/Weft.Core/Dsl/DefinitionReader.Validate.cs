using Weft.Core.Definitions;

namespace Weft.Core.Dsl;

internal sealed partial class DefinitionReader
{
    /// <summary>
    /// Checks what spans steps: ids unique across the definition (nested steps included), jump targets that exist
    /// in the jumping step's own block, and loops that can never reach the end of their block.
    /// </summary>
    private void Validate(WorkflowDefinition definition)
    {
        var blocks = new List<IReadOnlyList<StepDefinition>>();
        Collect(definition.Steps, blocks);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var block in blocks)
        {
            foreach (var step in block)
            {
                if (!seen.Add(step.Id))
                    Problems.Add(new DefinitionProblem($"step id '{step.Id}' is used more than once", step.Line, step.Column, step.Id, "id"));
            }
        }
        foreach (var block in blocks)
        {
            var ids = block.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var step in block)
            {
                if (step.Next is { } n && !ids.Contains(n))
                    Problems.Add(new DefinitionProblem(Nowhere("'next' goes to", n, definition), step.Line, step.Column, step.Id, "next"));
                foreach (var target in step.Jumps.Where(t => !ids.Contains(t)))
                    Problems.Add(new DefinitionProblem(Nowhere("goes to", target, definition), step.Line, step.Column, step.Id,
                        step switch
                        {
                            SwitchStep s when s.Default == target => "default",
                            _ when step.OnError.Goto == target => "onError.goto",
                            EventStep => "onTimeout",
                            _ => "goto",
                        }));
            }
        }
        if (Problems.Count > 0 || definition.Steps.Count == 0) return;
        foreach (var block in blocks) CheckExits(definition, block);
    }

    private static string Nowhere(string what, string target, WorkflowDefinition definition) =>
        definition.Find(target) is null
            ? $"{what} '{target}', which is not a step"
            : $"{what} '{target}', which is in another block (a jump stays within its own branch, loop body or compensation)";

    private static void Collect(IReadOnlyList<StepDefinition> block, List<IReadOnlyList<StepDefinition>> blocks)
    {
        blocks.Add(block);
        foreach (var step in block)
        {
            if (step is ContainerStep c) foreach (var b in c.Blocks) Collect(b, blocks);
            if (step.Compensate.Count > 0) Collect(step.Compensate, blocks);
        }
    }

    /// <summary>A step "can finish" when some path from it reaches a terminal step or the end of its block.</summary>
    private void CheckExits(WorkflowDefinition definition, IReadOnlyList<StepDefinition> block)
    {
        if (block.Count == 0) return;
        var canFinish = new HashSet<string>(StringComparer.Ordinal);
        bool changed;
        do
        {
            changed = false;
            foreach (var step in block)
            {
                if (canFinish.Contains(step.Id)) continue;
                var successors = Successors(definition, step);
                if (step.Terminal || successors.Count == 0 || successors.Any(s => s is null || canFinish.Contains(s)))
                    changed |= canFinish.Add(step.Id);
            }
        }
        while (changed);

        var reachable = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([block[0].Id]);
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            if (!reachable.Add(id)) continue;
            foreach (var s in Successors(definition, definition.Find(id)!)) if (s is not null) stack.Push(s);
        }
        foreach (var step in block.Where(s => reachable.Contains(s.Id) && !canFinish.Contains(s.Id)))
            Problems.Add(new DefinitionProblem($"step '{step.Id}' is in a loop with no way out: no path from it reaches an end", step.Line, step.Column, step.Id, "next"));
    }

    /// <summary>Where a step may go; null stands for "the block ends here".</summary>
    private static List<string?> Successors(WorkflowDefinition definition, StepDefinition step)
    {
        if (step.Terminal) return [];
        // Jumps: a switch's cases and default, an onError goto, an event's onTimeout.
        var list = new List<string?>(step.Jumps);
        if (step is not SwitchStep { Default: not null }) list.Add(definition.After(step));
        return list;
    }
}
