using System.Globalization;
using System.Text.Json.Nodes;
using Weft.Core.Definitions;
using Weft.Core.Runs;

namespace Weft.Core.Engine.Activities;

/// <summary><c>delay</c> and <c>until</c>: a durable timer row; nothing is held in memory while the run waits.</summary>
internal sealed class DelayActivity : IActivity
{
    public StepOutcome Execute(AdvanceContext context, StepDefinition step, StepState state)
    {
        DateTimeOffset due;
        if (step is DelayStep delay)
        {
            var value = context.Evaluate(delay.Duration);
            TimeSpan span;
            var ok = value switch
            {
                JsonValue v when v.TryGetValue<string>(out var s) => Duration.TryParse(s, out span),
                JsonValue v when v.TryGetValue<double>(out var d) => Duration.FromSeconds(d, out span),
                JsonValue v when v.TryGetValue<long>(out var l) => Duration.FromSeconds(l, out span),
                _ => Fail(out span),
            };
            if (!ok) return new StepOutcome.Failed($"duration '{value?.ToJsonString()}' is not a duration or a number of seconds", Retryable: false);
            due = context.Now + span;
        }
        else
        {
            var value = context.Evaluate(((UntilStep)step).At);
            if (value is not JsonValue v || !v.TryGetValue<string>(out var text) ||
                !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out due))
                return new StepOutcome.Failed($"'{value?.ToJsonString()}' is not an ISO 8601 date and time", Retryable: false);
        }
        if (due <= context.Now) return new StepOutcome.Completed(new JsonObject { ["firedAt"] = context.Now.ToString("O") });
        var work = context.Schedule(WorkKind.Timer, state.Key, state.TotalAttempts, due);
        return new StepOutcome.Suspended(StepStatuses.Waiting, RunStatus.Waiting, work, due);
    }

    private static bool Fail(out TimeSpan span)
    {
        span = default;
        return false;
    }
}
