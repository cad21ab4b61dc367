using System.Text.Json.Nodes;

namespace Weft.Core.Runs;

/// <summary>A run as stored: identity, status, input, state, result, and the row version that fences concurrent writers.</summary>
public sealed class RunRecord
{
    public required string Id { get; init; }

    public required string Namespace { get; init; }

    public required string DefinitionId { get; init; }

    public required string DefinitionName { get; init; }

    public required int DefinitionVersion { get; init; }

    public RunStatus Status { get; set; }

    public required JsonObject Input { get; init; }

    public RunState State { get; set; } = new();

    public JsonNode? Output { get; set; }

    public RunError? Error { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>The run that started this one as a child (a <c>subworkflow</c> step), or null.</summary>
    public string? ParentRunId { get; init; }

    /// <summary>The key of the parent's step that waits on this run.</summary>
    public string? ParentStep { get; init; }

    /// <summary>The parent step's total attempt count when it started this run; the end signal answers that attempt.</summary>
    public int? ParentAttempt { get; init; }

    /// <summary>Key/value labels given at start; searchable in run listings.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>The caller's own key for this run, unique per namespace and definition name when given.</summary>
    public string? BusinessKey { get; init; }

    /// <summary>The case the run is about, or null.</summary>
    public string? CaseId { get; init; }

    /// <summary>The case as it was when the run started (expressions' <c>subject</c>), or null; cleared when the case is erased.</summary>
    public JsonObject? Subject { get; init; }

    /// <summary>Incremented by every write; a write that expected another value is refused.</summary>
    public long Version { get; set; }

    /// <summary>
    /// The run's number in its namespace (1, 2, 3, ...), given by the store when the run is first written and never
    /// changed; 0 before that. Accepted wherever the run's id is.
    /// </summary>
    public long Number { get; set; }

    /// <summary>A deep copy, for answering with a run that another thread goes on changing.</summary>
    public RunRecord Snapshot() => new()
    {
        Id = Id,
        Namespace = Namespace,
        DefinitionId = DefinitionId,
        DefinitionName = DefinitionName,
        DefinitionVersion = DefinitionVersion,
        Status = Status,
        Input = Input.DeepClone().AsObject(),
        State = RunState.Deserialize(State.Serialize()),
        Output = Output?.DeepClone(),
        Error = Error,
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
        EndedAt = EndedAt,
        Version = Version,
        Number = Number,
        ParentRunId = ParentRunId,
        ParentStep = ParentStep,
        ParentAttempt = ParentAttempt,
        Tags = Tags,
        BusinessKey = BusinessKey,
        CaseId = CaseId,
        Subject = Subject?.DeepClone().AsObject(),
    };
}

/// <summary>Why a run failed: the step, and what went wrong.</summary>
public sealed record RunError(string Message, string? Step = null);
