using System.Text.Json.Nodes;

namespace Weft.Core.Engine;

/// <summary>
/// The variables a step changed, recorded on its <c>StepCompleted</c> (or <c>StepFailed</c>) event as <c>vars</c>
/// (name to new value) and <c>varsRemoved</c>. Folding the run's start variables and these deltas in history order
/// gives the variables before any step, which is what a rerun starts from. Only changed names are written, never the
/// whole document.
/// </summary>
internal sealed partial class AdvanceContext
{
    private JsonObject? _varsDelta;
    private JsonArray? _varsRemoved;

    /// <summary>A step set variable <paramref name="name"/> (the value is copied into the step's delta).</summary>
    public void VarSet(string name, JsonNode? value) => (_varsDelta ??= [])[name] = value?.DeepClone();

    /// <summary>A script replaced the variables: the delta is the names whose value differs, and the names it removed.</summary>
    public void VarsReplaced(JsonObject before, JsonObject after)
    {
        foreach (var (name, value) in after)
            if (!before.TryGetPropertyValue(name, out var old) || !JsonNode.DeepEquals(old, value)) VarSet(name, value);
        foreach (var (name, _) in before)
        {
            if (after.ContainsKey(name)) continue;
            (_varsRemoved ??= []).Add(name);
            _varsDelta ??= [];
        }
    }

    private JsonObject WithVarsDelta(JsonObject? data)
    {
        data ??= [];
        data["vars"] = _varsDelta;
        if (_varsRemoved is not null) data["varsRemoved"] = _varsRemoved;
        _varsDelta = null;
        _varsRemoved = null;
        return data;
    }
}
