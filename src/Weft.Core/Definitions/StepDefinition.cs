using Weft.Core.Expressions;

namespace Weft.Core.Definitions;

/// <summary>One step of a definition. Each kind is a subclass; the engine runs it through its activity.</summary>
public abstract class StepDefinition
{
    public required string Id { get; init; }

    public abstract string Kind { get; }

    // The fields every kind shares are set by the reader in one place (Dsl/StepCommon.Fill), hence internal set.

    /// <summary>The step to go to when this one completes; null for the next in order.</summary>
    public string? Next { get; internal set; }

    public RetryPolicy Retry { get; internal set; } = RetryPolicy.None;

    public TimeSpan? Timeout { get; internal set; }

    /// <summary>Maps the step's raw result (as <c>result</c>) to what is stored as its output.</summary>
    public Template? Output { get; internal set; }

    /// <summary>Variables set after the step completes, with <c>result</c> in scope.</summary>
    public IReadOnlyList<KeyValuePair<string, Template>> Assign { get; internal set; } = [];

    /// <summary>What happens when the step has failed for good; set by the reader for every kind.</summary>
    public ErrorPolicy OnError { get; internal set; } = ErrorPolicy.Fail;

    /// <summary>Steps that undo this one's effects when the run fails later (saga style); empty when there is nothing to undo.</summary>
    public IReadOnlyList<StepDefinition> Compensate { get; internal set; } = [];

    public int Line { get; internal set; }

    public int Column { get; internal set; }

    /// <summary>Step ids this step may jump to besides <see cref="Next"/> (within its own block).</summary>
    public virtual IEnumerable<string> Jumps => OnError.Goto is { } g ? [g] : [];

    /// <summary>True when the step never falls through to a following step.</summary>
    public virtual bool Terminal => false;

    /// <summary>Every template the step holds, for validation.</summary>
    public virtual IEnumerable<Template> Templates => Assign.Select(a => a.Value).Append(Output ?? Template.Null);
}

public sealed class SetStep : StepDefinition
{
    public override string Kind => "set";

    public required IReadOnlyList<KeyValuePair<string, Template>> Values { get; init; }

    public override IEnumerable<Template> Templates => base.Templates.Concat(Values.Select(v => v.Value));
}

public sealed class ScriptStep : StepDefinition
{
    public override string Kind => "script";

    public required CompiledExpression Code { get; init; }
}

public sealed class SwitchStep : StepDefinition
{
    public override string Kind => "switch";

    public required IReadOnlyList<SwitchCase> Cases { get; init; }

    public string? Default { get; init; }

    public override IEnumerable<string> Jumps => base.Jumps.Concat(Cases.Select(c => c.Goto)).Concat(Default is null ? [] : [Default]);

    public override IEnumerable<Template> Templates => base.Templates.Concat(Cases.Select(c => c.When));
}

public sealed record SwitchCase(Template When, string Goto);

public sealed class HttpStep : StepDefinition
{
    public override string Kind => "http";

    public required Template Method { get; init; }

    public required Template Url { get; init; }

    public Template? Headers { get; init; }

    public Template? Query { get; init; }

    public Template? Body { get; init; }

    public override IEnumerable<Template> Templates =>
        base.Templates.Concat(new[] { Method, Url, Headers, Query, Body }.OfType<Template>());
}

public sealed class DelayStep : StepDefinition
{
    public override string Kind => "delay";

    public required Template Duration { get; init; }

    public override IEnumerable<Template> Templates => base.Templates.Append(Duration);
}

public sealed class UntilStep : StepDefinition
{
    public override string Kind => "until";

    public required Template At { get; init; }

    public override IEnumerable<Template> Templates => base.Templates.Append(At);
}

public sealed class FailStep : StepDefinition
{
    public override string Kind => "fail";

    public required Template Error { get; init; }

    public override bool Terminal => true;

    public override IEnumerable<Template> Templates => base.Templates.Append(Error);
}

public sealed class EndStep : StepDefinition
{
    public override string Kind => "end";

    /// <summary>The run's output; when absent the definition's output mapping applies.</summary>
    public Template? RunOutput { get; init; }

    public override bool Terminal => true;

    public override IEnumerable<Template> Templates => base.Templates.Append(RunOutput ?? Template.Null);
}
