using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using Weft.Core.Commands;

namespace Weft.Server.Compat.WorkflowWebApi;

/// <summary>
/// The workflow's data document (<c>data</c>), which the product sends as XML (<c>"&lt;test&gt;m&lt;/test&gt;"</c>): XML or
/// JSON, kept as the run variable <c>data</c> so expressions read it (<c>${ vars.data.test }</c>). XML becomes JSON: the
/// root element is the one key; an element with only text is its text; attributes are <c>@name</c>; repeated elements an array.
/// </summary>
internal static class WebApiData
{
    public const string VariableName = "data";

    public static JsonNode? Read(JsonNode data)
    {
        if (data is not JsonValue v || v.GetValueKind() != JsonValueKind.String) return data.DeepClone();
        var text = v.GetValue<string>().Trim();
        if (text.Length == 0) return null;
        if (text[0] == '<') return FromXml(text);
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    private static JsonObject FromXml(string text)
    {
        XElement root;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 10_000_000 };
            using var reader = XmlReader.Create(new StringReader(text), settings);
            root = XElement.Load(reader);
        }
        catch (XmlException e)
        {
            throw new InvalidFieldException($"'data' is not well-formed XML: {e.Message}", "data");
        }
        return new JsonObject { [root.Name.LocalName] = Element(root, 0) };
    }

    private static JsonNode? Element(XElement e, int depth)
    {
        if (depth > 60) throw new InvalidFieldException("'data' nests too deeply.", "data");
        if (!e.HasAttributes && !e.HasElements) return JsonValue.Create(e.Value);
        var o = new JsonObject();
        foreach (var a in e.Attributes().Where(a => !a.IsNamespaceDeclaration)) o["@" + a.Name.LocalName] = a.Value;
        foreach (var group in e.Elements().GroupBy(c => c.Name.LocalName))
        {
            var items = group.Select(c => Element(c, depth + 1)).ToList();
            o[group.Key] = items.Count == 1 ? items[0] : new JsonArray([.. items]);
        }
        var own = string.Concat(e.Nodes().OfType<XText>().Select(t => t.Value)).Trim();
        if (own.Length > 0) o["#text"] = own;
        return o;
    }
}
