using Weft.Core.Expressions;

namespace Weft.Core.Definitions;

/// <summary>A parsed, validated definition: the one model that YAML and JSON both produce.</summary>
public sealed class WorkflowDefinition
{
    private readonly Dictionary<string, (StepDefinition Step, IReadOnlyList<StepDefinition> Block, int Index, ContainerStep? Owner)> _index;

    public WorkflowDefinition(string name, IReadOnlyList<StepDefinition> steps)
    {
        Name = name;
        Steps = steps;
        _index = new(StringComparer.Ordinal);
        IndexBlock(steps, null);
    }

    private void IndexBlock(IReadOnlyList<StepDefinition> block, ContainerStep? owner)
    {
        for (var i = 0; i < block.Count; i++)
        {
            var step = block[i];
            _index.TryAdd(step.Id, (step, block, i, owner));
            if (step is ContainerStep c) foreach (var b in c.Blocks) IndexBlock(b, c);
            if (step.Compensate.Count > 0) IndexBlock(step.Compensate, null);
        }
    }

    public string Name { get; }

    public string? Description { get; init; }

    public IReadOnlyList<InputField> Inputs { get; init; } = [];

    public RunTimeout? Timeout { get; init; }

    /// <summary>The top-level steps; containers hold further blocks (see <see cref="ContainerStep.Blocks"/>).</summary>
    public IReadOnlyList<StepDefinition> Steps { get; }

    public Template? Output { get; init; }

    /// <summary>Every step at every depth, in definition order.</summary>
    public IEnumerable<StepDefinition> AllSteps => _index.Values.Select(v => v.Step);

    /// <summary>The cron schedules that start runs of this definition (see <c>schedules:</c> in the DSL).</summary>
    public IReadOnlyList<ScheduleDefinition> Schedules { get; init; } = [];

    /// <summary>Finds a step by id at any depth (ids are unique in a definition).</summary>
    public StepDefinition? Find(string id) => _index.TryGetValue(id, out var e) ? e.Step : null;

    /// <summary>The block a step belongs to (the top level, a branch, a loop body or a compensation).</summary>
    public IReadOnlyList<StepDefinition>? BlockOf(string id) => _index.TryGetValue(id, out var e) ? e.Block : null;

    public int IndexOf(string id) => _index.TryGetValue(id, out var e) ? e.Index : -1;

    /// <summary>The step that follows <paramref name="step"/> in its block when it completes without a jump; null at the block's end.</summary>
    public string? After(StepDefinition step)
    {
        if (step.Next is not null) return step.Next;
        if (!_index.TryGetValue(step.Id, out var e)) return null;
        return e.Index + 1 < e.Block.Count ? e.Block[e.Index + 1].Id : null;
    }
}
