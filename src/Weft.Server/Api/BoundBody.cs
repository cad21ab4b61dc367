using System.Text.Json.Nodes;

namespace Weft.Server.Api;

/// <summary>A JSON body bound to its contract record, with the object it was read from (to tell a field left out from a null one).</summary>
internal sealed record BoundBody<T>(T Value, JsonObject Json)
{
    /// <summary>Whether the body gives <paramref name="field"/> at all (null included).</summary>
    public bool Has(string field) => Json.ContainsKey(field);
}
