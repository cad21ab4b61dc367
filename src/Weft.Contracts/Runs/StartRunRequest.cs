using System.Text.Json.Nodes;

namespace Weft.Contracts.Runs;

/// <summary>The body of <c>POST /api/v1/namespaces/{ns}/runs</c>: which definition to run, and with what.</summary>
/// <param name="Definition">The name of a deployed definition (may be left out when <paramref name="ParameterSet"/> names one).</param>
/// <param name="Version">A version of it, from 1; the latest when left out.</param>
/// <param name="Input">The run's input, checked against the definition's typed input.</param>
/// <param name="Variables">Typed variables the run starts with.</param>
/// <param name="Tags">Up to 20 string tags, for listing and search.</param>
/// <param name="BusinessKey">A key of the caller's own (1 to 200 characters) to find the run by.</param>
/// <param name="Case">The id of a case the run is about.</param>
/// <param name="ParameterSet">The id or name of a parameter set whose input the run takes (the body's input wins per field).</param>
/// <param name="RunId">A run id chosen by the caller; the server makes one when left out.</param>
/// <param name="DefinitionId">Instead of <paramref name="Definition"/> and <paramref name="Version"/>: one deployed version by its id.</param>
public sealed record StartRunRequest(
    string? Definition, int? Version = null, JsonObject? Input = null, IReadOnlyList<StartVariable>? Variables = null,
    IReadOnlyDictionary<string, string>? Tags = null, string? BusinessKey = null, string? Case = null, string? ParameterSet = null,
    string? RunId = null, string? DefinitionId = null);
