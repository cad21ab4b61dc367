using Weft.Core.Definitions;
using Weft.Core.Runs;

namespace Weft.Core.Engine.Activities;

/// <summary>Runs one kind of step. In-process kinds complete at once; waiting kinds suspend with a work row.</summary>
internal interface IActivity
{
    StepOutcome Execute(AdvanceContext context, StepDefinition step, StepState state);

    /// <summary>
    /// A waiting step receives what it waited for (a <see cref="WorkKind.Signal"/> row's payload). Only
    /// kinds that suspend with status <c>waiting</c> and no timer row of their own are resumed this way.
    /// </summary>
    /// <summary>
    /// The step's timer row fell due while it waited: for <c>delay</c> and <c>until</c> the wait is over; a step that
    /// waits on something else with a time limit decides what its timeout means.
    /// </summary>
    StepOutcome TimerFired(AdvanceContext context, StepDefinition step, StepState state) =>
        new StepOutcome.Completed(new System.Text.Json.Nodes.JsonObject { ["firedAt"] = context.Now.ToString("O") });

    StepOutcome Resume(AdvanceContext context, StepDefinition step, StepState state, System.Text.Json.Nodes.JsonObject payload) =>
        throw new InvalidOperationException($"a {step.Kind} step is not resumed by a signal");
}
