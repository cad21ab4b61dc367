using System.Text.Json.Nodes;

namespace Weft.Server.Api;

/// <summary>The body of a rerun: the top-level step the new run starts at, and variables to change.</summary>
public sealed record RerunRequest(string FromStep, JsonObject? Variables);
