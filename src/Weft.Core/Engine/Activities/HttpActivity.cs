using System.Text.Json.Nodes;
using Weft.Core.Definitions;
using Weft.Core.Runs;

namespace Weft.Core.Engine.Activities;

/// <summary>
/// <c>http</c>: evaluates the request and hands it to a work row; the call runs outside the transaction
/// (at least once, with an idempotency key) and its response advances the run.
/// </summary>
internal sealed class HttpActivity : IActivity
{
    public StepOutcome Execute(AdvanceContext context, StepDefinition step, StepState state)
    {
        var http = (HttpStep)step;
        var request = new JsonObject
        {
            ["method"] = (context.Evaluate(http.Method)?.ToString() ?? "GET").ToUpperInvariant(),
            ["url"] = context.Evaluate(http.Url)?.ToString(),
            ["headers"] = http.Headers is null ? null : context.Evaluate(http.Headers),
            ["query"] = http.Query is null ? null : context.Evaluate(http.Query),
            ["body"] = http.Body is null ? null : context.Evaluate(http.Body),
            ["idempotencyKey"] = $"{context.Run.Id}/{step.Id}/{state.TotalAttempts}",
            ["timeoutMs"] = (long)(step.Timeout ?? TimeSpan.FromSeconds(30)).TotalMilliseconds,
        };
        var work = context.Schedule(WorkKind.Http, state.Key, state.TotalAttempts, context.Now, request);
        return new StepOutcome.Suspended(StepStatuses.Running, RunStatus.Running, work, null);
    }
}
