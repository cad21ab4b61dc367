using Weft.Core.Definitions;
using Weft.Core.Expressions;
using YamlDotNet.Core;

namespace Weft.Core.Dsl;

/// <summary>The fields every step kind shares, read before the kind's own.</summary>
internal sealed record StepCommon(
    string Id,
    string? Next,
    RetryPolicy Retry,
    TimeSpan? Timeout,
    Template? Output,
    IReadOnlyList<KeyValuePair<string, Template>> Assign,
    Mark Start)
{
    /// <summary>Sets these fields on a step its kind's reader built (with its own fields and the id), and returns it.</summary>
    public T Fill<T>(T step) where T : StepDefinition
    {
        step.Next = Next;
        step.Retry = Retry;
        step.Timeout = Timeout;
        step.Output = Output;
        step.Assign = Assign;
        step.Line = (int)Start.Line;
        step.Column = (int)Start.Column;
        return step;
    }
}
