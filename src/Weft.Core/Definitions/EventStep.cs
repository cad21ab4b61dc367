using Weft.Core.Expressions;

namespace Weft.Core.Definitions;

/// <summary>
/// <c>event</c>: waits for an event named <see cref="EventName"/> whose correlation equals <see cref="Correlation"/>'s
/// value. With a <see cref="StepDefinition.Timeout"/> the wait ends when the time runs out: the run goes to
/// <see cref="OnTimeout"/>, or the step fails when there is none.
/// </summary>
public sealed class EventStep : StepDefinition
{
    public override string Kind => "event";

    public required string EventName { get; init; }

    public required Template Correlation { get; init; }

    /// <summary>The step to go to when <see cref="StepDefinition.Timeout"/> passes with no event.</summary>
    public string? OnTimeout { get; init; }

    public override IEnumerable<string> Jumps => OnTimeout is null ? base.Jumps : base.Jumps.Append(OnTimeout);

    public override IEnumerable<Template> Templates => base.Templates.Append(Correlation);
}
