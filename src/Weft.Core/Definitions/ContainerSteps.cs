using Weft.Core.Expressions;

namespace Weft.Core.Definitions;

/// <summary>A step that runs blocks of steps of its own: the branches of a parallel, the body of a loop.</summary>
public abstract class ContainerStep : StepDefinition
{
    /// <summary>Every block the step holds, each a list of steps that run in order.</summary>
    public abstract IEnumerable<IReadOnlyList<StepDefinition>> Blocks { get; }
}

/// <summary>How many branches of a parallel step must complete: all of them, any one, or a given number.</summary>
public sealed record JoinPolicy(int? Count)
{
    public static readonly JoinPolicy All = new((int?)null);

    public static readonly JoinPolicy Any = new(1);

    public override string ToString() => Count is null ? "all" : Count == 1 ? "any" : Count.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record ParallelBranch(string Name, IReadOnlyList<StepDefinition> Steps);

/// <summary><c>parallel</c>: branches run concurrently; the step completes when its join is met.</summary>
public sealed class ParallelStep : ContainerStep
{
    public override string Kind => "parallel";

    public required IReadOnlyList<ParallelBranch> Branches { get; init; }

    public JoinPolicy Join { get; init; } = JoinPolicy.All;

    /// <summary>When true a failing branch does not fail the step; it counts as ended without an output.</summary>
    public bool ContinueOnError { get; init; }

    public override IEnumerable<IReadOnlyList<StepDefinition>> Blocks => Branches.Select(b => b.Steps);
}

/// <summary><c>forEach</c>: runs its steps once per item of an array, up to <see cref="Concurrency"/> at a time.</summary>
public sealed class ForEachStep : ContainerStep
{
    public override string Kind => "forEach";

    public required Template Items { get; init; }

    public int Concurrency { get; init; } = 1;

    public bool ContinueOnError { get; init; }

    public required IReadOnlyList<StepDefinition> Steps { get; init; }

    public override IEnumerable<IReadOnlyList<StepDefinition>> Blocks => [Steps];

    public override IEnumerable<Template> Templates => base.Templates.Append(Items);
}

/// <summary><c>while</c>: runs its steps again and again while a condition holds, at most <see cref="MaxIterations"/> times.</summary>
public sealed class WhileStep : ContainerStep
{
    public override string Kind => "while";

    public required Template Condition { get; init; }

    public int MaxIterations { get; init; } = 100;

    public required IReadOnlyList<StepDefinition> Steps { get; init; }

    public override IEnumerable<IReadOnlyList<StepDefinition>> Blocks => [Steps];

    public override IEnumerable<Template> Templates => base.Templates.Append(Condition);
}

/// <summary>What a step does when it has failed for good (its retries used up): fail, go on, or go to a step.</summary>
public sealed record ErrorPolicy(ErrorAction Action, string? Goto = null)
{
    public static readonly ErrorPolicy Fail = new(ErrorAction.Fail);
}

public enum ErrorAction { Fail, Continue, Goto }
