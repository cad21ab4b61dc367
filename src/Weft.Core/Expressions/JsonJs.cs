using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using JsEngine = Jint.Engine;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace Weft.Core.Expressions;

/// <summary>Converts between the run's JSON values and Jint's values.</summary>
internal static class JsonJs
{
    private const int MaxDepth = 64;

    public static JsValue ToJs(JsEngine engine, JsonNode? node, int depth = 0)
    {
        if (depth > MaxDepth) throw new ExpressionException("value nests too deeply");
        switch (node)
        {
            case null:
                return JsValue.Null;
            case JsonObject obj:
                {
                    var o = engine.Object.Construct(Arguments.Empty);
                    foreach (var (k, v) in obj) o.FastAddProperty(k, ToJs(engine, v, depth + 1), true, true, true);
                    return o;
                }
            case JsonArray arr:
                {
                    var a = engine.Array.Construct(Arguments.Empty);
                    for (var i = 0; i < arr.Count; i++) a.Put(i.ToString(CultureInfo.InvariantCulture), ToJs(engine, arr[i], depth + 1), false);
                    return a;
                }
            case JsonValue v:
                return v.GetValueKind() switch
                {
                    JsonValueKind.String => new JsValue(v.GetValue<string>()),
                    JsonValueKind.True => JsValue.True,
                    JsonValueKind.False => JsValue.False,
                    JsonValueKind.Number => new JsValue(ToDouble(v)),
                    _ => JsValue.Null,
                };
            default:
                return JsValue.Null;
        }
    }

    private static double ToDouble(JsonValue v) =>
        v.TryGetValue<double>(out var d) ? d : double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture);

    public static JsonNode? FromJs(JsValue value, int depth = 0)
    {
        if (depth > MaxDepth) throw new ExpressionException("result nests too deeply (or refers to itself)");
        if (value.IsUndefined() || value.IsNull()) return null;
        if (value.IsBoolean()) return JsonValue.Create(value.AsBoolean());
        if (value.IsNumber())
        {
            var d = value.AsNumber();
            if (double.IsNaN(d) || double.IsInfinity(d)) return null;
            if (Math.Abs(d) < 9e15 && Math.Floor(d) == d) return JsonValue.Create((long)d);
            return JsonValue.Create(d);
        }
        if (value.IsString()) return JsonValue.Create(value.AsString());
        if (value.IsDate()) return JsonValue.Create(value.AsDate().ToDateTime().ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        if (value.IsArray())
        {
            var a = value.AsArray();
            var len = (long)TypeConverter.ToNumber(a.Get("length"));
            var result = new JsonArray();
            for (long i = 0; i < len; i++) result.Add(FromJs(a.Get(i.ToString(CultureInfo.InvariantCulture)), depth + 1));
            return result;
        }
        if (value.IsObject())
        {
            var o = value.AsObject();
            if (o is Jint.Native.Function.FunctionInstance) return null;
            var result = new JsonObject();
            foreach (var (k, desc) in o.GetOwnProperties())
            {
                if (desc.Enumerable != true) continue;
                var v = desc.Value ?? JsValue.Undefined;
                if (v.IsUndefined()) continue;
                if (v.IsObject() && v.AsObject() is Jint.Native.Function.FunctionInstance) continue;
                result[k] = FromJs(v, depth + 1);
            }
            return result;
        }
        return null;
    }

    public static ObjectInstance NewObject(JsEngine engine) => engine.Object.Construct(Arguments.Empty);
}
