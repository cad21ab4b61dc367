using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Weft.Core.Runs;

/// <summary>The part of a run the engine changes as it advances; stored as one JSON document.</summary>
public sealed class RunState
{
    public JsonObject Vars { get; set; } = [];

    /// <summary>Steps in the order they first ran.</summary>
    public List<StepState> Steps { get; set; } = [];

    /// <summary>The step the run stands at (running or waiting), or null when it has not started or has ended.</summary>
    public string? Current { get; set; }

    /// <summary>Who started the run (the caller's user id), for tasks assigned to the initiator; null when unknown.</summary>
    public string? Initiator { get; set; }

    /// <summary>The service client that started the run on behalf of <see cref="Initiator"/> (X-OnBehalfOf-Id), as <c>client:&lt;id&gt;</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ActingClient { get; set; }

    /// <summary>
    /// True once the run has opened something outside its own rows (an event wait, a task, an integration item, a
    /// child run). Only then does the checkpoint that ends it run the store's run-ended statements, so a run of
    /// in-process steps, timers and HTTP calls ends without them.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool HoldsOutside { get; set; }

    /// <summary>Branches, loop iterations and compensations, in the order they started.</summary>
    public List<ScopeState> Scopes { get; set; } = [];

    /// <summary>Blocks that yielded and go on in the next advance.</summary>
    public List<ReadyFiber> Ready { get; set; } = [];

    /// <summary>Set while a failed run runs its compensation steps.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CompensationState? Compensation { get; set; }

    /// <summary>Pause, resume and the idempotency keys of operator control actions; null until one is used.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ControlState? Control { get; set; }

    /// <summary>The run and step this run is a rerun of (it started at that step); null for other runs.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RerunLink? RerunOf { get; set; }

    public ScopeState? FindScope(string key)
    {
        foreach (var s in Scopes) if (s.Key == key) return s;
        return null;
    }

    /// <summary>The sequence number the next history event gets.</summary>
    public long NextSeq { get; set; } = 1;

    /// <summary>The state of the step with this key (<see cref="StepState.Key"/>: its id at the top level).</summary>
    public StepState? Find(string key)
    {
        foreach (var s in Steps) if (s.Key == key) return s;
        return null;
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // A run's values are held to ValueLimits.MaxDepth; the state's own structure nests above them.
        MaxDepth = ValueLimits.StateMaxDepth,
    };

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static RunState Deserialize(string json) => JsonSerializer.Deserialize<RunState>(json, Json) ?? new RunState();
}
