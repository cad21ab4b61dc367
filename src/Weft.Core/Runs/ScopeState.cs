using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Weft.Core.Runs;

/// <summary>
/// A block of steps running inside a run: a branch of a parallel step, an iteration of a loop, or the compensation
/// of a step. Its steps' states carry its <see cref="Key"/> as their scope; <see cref="Current"/> is where it stands.
/// </summary>
public sealed class ScopeState
{
    /// <summary><c>&lt;container step key&gt;[&lt;branch name or iteration index&gt;]</c>, for example <c>checks[2]</c> or <c>fan[a]/inner[0]</c>.</summary>
    public required string Key { get; init; }

    /// <summary>branch, iteration or compensation.</summary>
    public required string Kind { get; init; }

    /// <summary>The key of the step that runs this block (the parallel or loop step, or the step being compensated).</summary>
    public required string Owner { get; init; }

    /// <summary>The branch's name, for a branch.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }

    /// <summary>The iteration's number from 0, for a loop iteration.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Index { get; init; }

    /// <summary>The item a forEach iteration works on (<c>item</c> in its expressions).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonNode? Item { get; init; }

    /// <summary>running, completed, failed or cancelled.</summary>
    public string Status { get; set; } = StepStatuses.Running;

    /// <summary>The key of the step the block stands at, or null when it has ended.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Current { get; set; }

    /// <summary>The output of the block's last step, once it has completed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonNode? Output { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; set; }

    /// <summary>The scope this one is nested in (null at the top level): its key up to the last '/'.</summary>
    public static string? Parent(string key)
    {
        var slash = key.LastIndexOf('/');
        return slash < 0 ? null : key[..slash];
    }
}

/// <summary>A block that yielded (a long chain of in-process steps) and goes on at <see cref="Step"/> in the next advance.</summary>
public sealed record ReadyFiber(string? Scope, string Step);

/// <summary>A run that failed and is undoing completed steps' effects, last completed first.</summary>
public sealed class CompensationState
{
    public required string Error { get; init; }

    public string? Step { get; init; }

    /// <summary>Keys of the completed steps still to compensate, in the order they will be.</summary>
    public List<string> Pending { get; init; } = [];

    /// <summary>Errors of compensations that failed (the rest still run).</summary>
    public List<string> Failures { get; init; } = [];
}
