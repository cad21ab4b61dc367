using Weft.Core.Definitions;
using Weft.Core.Dsl;
using Weft.Core.Engine;
using Weft.Core.Runs;

namespace Weft.Storage.Tests;

/// <summary>Runs for storage tests: a new run of definition <c>d</c> (one delay step), and its first write.</summary>
internal static class TestRuns
{
    public static readonly WorkflowDefinition Delay = DefinitionParser.Parse("name: d\nsteps:\n  - id: a\n    kind: delay\n    duration: 1s\n", json: false);

    public static RunRecord New(DateTimeOffset at, string? id = null) => new()
    {
        Id = id ?? Guid.CreateVersion7(at).ToString(),
        Namespace = "default",
        DefinitionId = "def-1",
        DefinitionName = "d",
        DefinitionVersion = 1,
        Input = [],
        CreatedAt = at,
        UpdatedAt = at,
    };

    /// <summary>The write that creates a new run (queued, its first work row claimed).</summary>
    public static RunWrite Created(DateTimeOffset at) => WorkflowEngine.Create(New(at), Delay, at, null);
}
