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
    Mark Start);
