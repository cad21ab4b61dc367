using System.Text.Json.Nodes;
using Weft.Core.Runs;

namespace Weft.Core.Integration;

/// <summary>A checkpoint puts a new item on a queue (status available), in the checkpoint's own transaction.</summary>
public sealed record IntegrationItemCreated(string Id, string Queue, string Step, int Attempt, JsonArray Fields) : RunEffect
{
    /// <summary>The item's number in its run's namespace, given by the store when it writes the item; 0 before.</summary>
    public long Number { get; set; }
}

/// <summary>A checkpoint withdraws the open item of a step attempt (its time limit passed).</summary>
public sealed record IntegrationItemCancelled(string Step, int Attempt) : RunEffect;
