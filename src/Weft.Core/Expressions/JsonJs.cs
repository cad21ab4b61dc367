using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Function;
using Jint.Runtime;
using Weft.Core.Runs;
using JsEngine = Jint.Engine;

namespace Weft.Core.Expressions;

/// <summary>
/// Converts between the run's JSON values and Jint's values. What comes back from JavaScript is held to
/// <see cref="ValueLimits"/> on the way (depth and size), so no result can enter a run's state that the state
/// could not store.
/// </summary>
internal static class JsonJs
{
    public static JsValue ToJs(JsEngine engine, JsonNode? node, int depth = 0)
    {
        if (depth > ValueLimits.StateMaxDepth) throw new ExpressionException("value nests too deeply");
        switch (node)
        {
            case null:
                return JsValue.Null;
            case JsonObject obj:
                {
                    var o = new JsObject(engine);
                    foreach (var (k, v) in obj) o.FastSetDataProperty(k, ToJs(engine, v, depth + 1));
                    return o;
                }
            case JsonArray arr:
                {
                    var items = new JsValue[arr.Count];
                    for (var i = 0; i < items.Length; i++) items[i] = ToJs(engine, arr[i], depth + 1);
                    return new JsArray(engine, items);
                }
            case JsonValue v:
                return v.GetValueKind() switch
                {
                    JsonValueKind.String => JsString.Create(v.GetValue<string>()),
                    JsonValueKind.True => JsBoolean.True,
                    JsonValueKind.False => JsBoolean.False,
                    JsonValueKind.Number => JsNumber.Create(ToDouble(v)),
                    _ => JsValue.Null,
                };
            default:
                return JsValue.Null;
        }
    }

    private static double ToDouble(JsonValue v) =>
        v.TryGetValue<double>(out var d) ? d : double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture);

    public static JsonNode? FromJs(JsValue value)
    {
        long bytes = 0;
        return FromJs(value, 1, ref bytes);
    }

    private static JsonNode? FromJs(JsValue value, int depth, ref long bytes)
    {
        if (value.IsUndefined() || value.IsNull()) { bytes += 4; return null; }
        if (value.IsBoolean()) { bytes += 5; return JsonValue.Create(value.AsBoolean()); }
        if (value.IsNumber())
        {
            bytes += 24;
            var d = value.AsNumber();
            if (double.IsNaN(d) || double.IsInfinity(d)) return null;
            if (Math.Abs(d) < 9e15 && Math.Floor(d) == d) return JsonValue.Create((long)d);
            return JsonValue.Create(d);
        }
        if (value.IsString())
        {
            var s = value.AsString();
            Charge(ref bytes, s.Length + 2);
            return JsonValue.Create(s);
        }
        if (value.IsDate())
        {
            bytes += 30;
            return JsonValue.Create(value.AsDate().ToDateTime().ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        }
        if (value.IsBigInt())
        {
            var text = value.ToString();
            Charge(ref bytes, text.Length);
            return JsonNode.Parse(text);
        }
        if (!value.IsObject()) return null;
        if (depth > ValueLimits.MaxDepth) throw new ExpressionException($"the result nests deeper than {ValueLimits.MaxDepth} levels (or refers to itself)");
        if (value.IsArray())
        {
            var a = value.AsArray();
            var len = a.Length;
            Charge(ref bytes, 2 + (long)len);
            var result = new JsonArray();
            for (uint i = 0; i < len; i++) result.Add(FromJs(a.Get(i), depth + 1, ref bytes));
            return result;
        }
        var o = value.AsObject();
        if (o is Function) return null;
        var obj = new JsonObject();
        bytes += 2;
        foreach (var (k, desc) in o.GetOwnProperties())
        {
            if (desc.Enumerable != true || !k.IsString()) continue;
            var v = desc.Value ?? JsValue.Undefined;
            if (v.IsUndefined()) continue;
            if (v.IsObject() && v.AsObject() is Function) continue;
            var key = k.AsString();
            Charge(ref bytes, key.Length + 4);
            obj[key] = FromJs(v, depth + 1, ref bytes);
        }
        return obj;
    }

    private static void Charge(ref long bytes, long more)
    {
        bytes += more;
        if (bytes > ValueLimits.MaxBytes) throw new ExpressionException($"the result is larger than {ValueLimits.MaxBytes / 1024} KiB");
    }
}
