using Weft.Core.Definitions;
using Weft.Core.Runs;

namespace Weft.Core.Engine.Activities;

/// <summary>Runs one kind of step. In-process kinds complete at once; waiting kinds suspend with a work row.</summary>
internal interface IActivity
{
    StepOutcome Execute(AdvanceContext context, StepDefinition step, StepState state);
}
