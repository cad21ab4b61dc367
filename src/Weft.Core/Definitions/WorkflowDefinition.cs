using Weft.Core.Expressions;

namespace Weft.Core.Definitions;

/// <summary>A parsed, validated definition: the one model that YAML and JSON both produce.</summary>
public sealed class WorkflowDefinition
{
    private readonly Dictionary<string, int> _index;

    public WorkflowDefinition(string name, IReadOnlyList<StepDefinition> steps)
    {
        Name = name;
        Steps = steps;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++) _index.TryAdd(steps[i].Id, i);
    }

    public string Name { get; }

    public string? Description { get; init; }

    public IReadOnlyList<InputField> Inputs { get; init; } = [];

    public RunTimeout? Timeout { get; init; }

    public IReadOnlyList<StepDefinition> Steps { get; }

    public Template? Output { get; init; }

    /// <summary>The cron schedules that start runs of this definition (see <c>schedules:</c> in the DSL).</summary>
    public IReadOnlyList<ScheduleDefinition> Schedules { get; init; } = [];

    public StepDefinition? Find(string id) => _index.TryGetValue(id, out var i) ? Steps[i] : null;

    public int IndexOf(string id) => _index.TryGetValue(id, out var i) ? i : -1;

    /// <summary>The step that follows <paramref name="step"/> when it completes without a jump; null at the end.</summary>
    public string? After(StepDefinition step)
    {
        if (step.Next is not null) return step.Next;
        var i = IndexOf(step.Id) + 1;
        return i < Steps.Count ? Steps[i].Id : null;
    }
}
