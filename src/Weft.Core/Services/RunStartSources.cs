using System.Text.Json.Nodes;
using Weft.Core.Cases;

namespace Weft.Core.Services;

/// <summary>What a run start names besides its own input: a case and a parameter set, looked up and merged.</summary>
public sealed class RunStartSources(CaseService cases, ParameterSetService parameterSets)
{
    /// <summary>
    /// The definition, version and input to start with: the parameter set's input, then <paramref name="input"/> over
    /// it (the typed check of the merged input is the start's own), and the case. Unknown case or parameter set: 404.
    /// </summary>
    public async Task<(string Definition, int? Version, JsonObject? Input, CaseRecord? Case)> ResolveAsync(
        string ns, string? definition, int? version, JsonObject? input, string? caseId, string? parameterSet, CancellationToken ct)
    {
        var subject = caseId is null
            ? null
            : await cases.FindAsync(ns, caseId, ct) ?? throw new NotFoundException($"No case '{caseId}' in namespace '{ns}' (field 'case').");
        if (parameterSet is null)
            return (definition ?? throw new InvalidOperationException("a start names a definition or a parameter set"), version, input, subject);
        var set = await parameterSets.ResolveAsync(ns, definition, parameterSet, ct);
        var merged = set.Input.DeepClone().AsObject();
        foreach (var (key, value) in input ?? []) merged[key] = value?.DeepClone();
        return (set.Definition, version ?? set.Version, merged, subject);
    }
}
