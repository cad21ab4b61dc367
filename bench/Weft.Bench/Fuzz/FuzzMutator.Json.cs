using System.Text;
using System.Text.Json.Nodes;

namespace Weft.Bench.Fuzz;

/// <summary>The mutations of JSON bodies: keys deleted or given twice, values changed in type or made hostile.</summary>
internal static partial class FuzzMutator
{
    private static readonly Op[] JsonOps =
    [
        new("json-delete-key", false, (d, r) => WithJson(d, r, (_, node) =>
        {
            if (node.Parent is not JsonObject parent) return false;
            parent.Remove(node.GetPropertyName());
            return true;
        })),
        new("json-duplicate-key", false, (d, r) => WithJson(d, r, (draft, node) =>
        {
            if (node.Parent is not JsonObject parent) return false;
            var name = node.GetPropertyName();
            parent[draft.AddRaw(Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(name)))] = r.Next(2) == 0 ? node.DeepClone() : OtherType(node, r);
            return true;
        })),
        new("json-type-change", false, (d, r) => WithJson(d, r, (_, node) => Replace(node, OtherType(node, r)))),
        new("json-hostile-value", false, (d, r) => WithJson(d, r, (draft, node) => Replace(node, draft.AddRaw(HostileJsonValue(r))))),
        new("json-hostile-string", false, (d, r) => WithJson(d, r, (draft, node) => Replace(node, draft.AddRaw(HostileJsonString(r))))),
        new("json-hostile-expression", false, (d, r) => WithJson(d, r, (_, node) => Replace(node, HostileExpression(r)))),
        new("json-root", false, (d, r) =>
        {
            d.Text = r.Next(6) switch { 0 => "[" + d.Text + "]", 1 => "null", 2 => "\"" + d.Text + "\"", 3 => "42", 4 => d.Text + d.Text, _ => "{" };
            return true;
        }),
    ];

    private static bool WithJson(Draft d, Random r, Func<Draft, JsonNode, bool> change)
    {
        JsonNode? root;
        try
        {
            root = d.Text is null ? null : JsonNode.Parse(d.Text);
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
        if (root is null) return false;
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        if (nodes.Count == 0) return false;
        if (!change(d, nodes[r.Next(nodes.Count)])) return false;
        d.Text = root.ToJsonString();
        return true;
    }

    private static void Collect(JsonNode node, List<JsonNode> into)
    {
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children)
        {
            if (child is null) continue;
            into.Add(child);
            Collect(child, into);
        }
    }

    private static bool Replace(JsonNode node, JsonNode? with)
    {
        switch (node.Parent)
        {
            case JsonObject o:
                o[node.GetPropertyName()] = with;
                return true;
            case JsonArray a:
                a[node.GetElementIndex()] = with;
                return true;
            default:
                return false;
        }
    }

    private static JsonNode? OtherType(JsonNode node, Random r)
    {
        var kind = node.GetValueKind();
        while (true)
        {
            JsonNode? other = r.Next(8) switch
            {
                0 => null,
                1 => JsonValue.Create("text"),
                2 => JsonValue.Create(r.Next(3) == 0 ? -1 : 0),
                3 => JsonValue.Create(1.5),
                4 => new JsonArray(JsonValue.Create(1), new JsonArray(), new JsonObject()),
                5 => new JsonObject { ["a"] = 1 },
                6 => JsonValue.Create(true),
                _ => JsonValue.Create(node.ToJsonString()),
            };
            if (other?.GetValueKind() != kind) return other;
        }
    }
}
