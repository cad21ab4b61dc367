using System.Text.Json.Serialization;

namespace Weft.Core.Runs;

/// <summary>What operator control actions keep in a run's state.</summary>
public sealed class ControlState
{
    /// <summary>The status the run had when it was paused (queued, running or waiting); it gets it back on resume.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RunStatus? PausedFrom { get; set; }

    /// <summary>True while the run is paused because its parent run was paused; the parent's resume resumes it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool PausedWithParent { get; set; }

    /// <summary>The <c>Idempotency-Key</c>s of control actions already applied, as <c>action:key</c>, newest last (at most 100).</summary>
    public List<string> Keys { get; set; } = [];
}
