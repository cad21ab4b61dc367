using System.Text.Json.Nodes;

namespace Weft.Contracts.Runs;

/// <summary>The body of <c>POST .../runs/{id}/rerun</c>: the top-level step the new run starts at, and variables to change.</summary>
/// <param name="FromStep">The id of the top-level step the new run starts at.</param>
/// <param name="Variables">Variables to set in the new run, over the state the original had before that step.</param>
public sealed record RerunRequest(string FromStep, JsonObject? Variables = null);
