using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Weft.Server.Compat.WorkflowWebApi;

/// <summary>What execute, executewithvariables, pause, resume, abort, resumeworkflowwitherrors and lastinstance answer.</summary>
public sealed record ExecutionAnswer(
    [property: JsonPropertyName("executionid")] long ExecutionId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("runId")] string RunId);

/// <summary>GET status: the execution's code and each activity's, with the execution details id of a waiting human activity.</summary>
public sealed record StatusAnswer(
    [property: JsonPropertyName("executionid")] long ExecutionId,
    [property: JsonPropertyName("workflow")] string Workflow,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("runId")] string RunId,
    [property: JsonPropertyName("activities")] IReadOnlyList<ActivityAnswer> Activities);

public sealed record ActivityAnswer(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("executiondetailsid")] long? ExecutionDetailsId);

/// <summary>GET activityoutput with <c>activityname</c>.</summary>
public sealed record ActivityOutputAnswer(
    [property: JsonPropertyName("executionid")] long ExecutionId,
    [property: JsonPropertyName("activityname")] string ActivityName,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("output")] JsonNode? Output);

/// <summary>GET activityoutput with <c>variablename</c>.</summary>
public sealed record VariableAnswer(
    [property: JsonPropertyName("executionid")] long ExecutionId,
    [property: JsonPropertyName("variablename")] string VariableName,
    [property: JsonPropertyName("value")] JsonNode? Value);

/// <summary>POST AlertEngine: the activity and its new code (C completed, S still asleep).</summary>
public sealed record AlertAnswer(
    [property: JsonPropertyName("executionid")] long ExecutionId,
    [property: JsonPropertyName("executiondetailsid")] long ExecutionDetailsId,
    [property: JsonPropertyName("activityname")] string ActivityName,
    [property: JsonPropertyName("status")] string Status);
