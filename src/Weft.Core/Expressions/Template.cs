using System.Text;
using System.Text.Json.Nodes;

namespace Weft.Core.Expressions;

/// <summary>
/// A JSON value in a definition that may hold <c>${ ... }</c> expressions. A string that is one whole
/// expression yields the expression's value with its type; expressions inside text yield text.
/// </summary>
public abstract class Template
{
    public abstract bool IsConstant { get; }

    public abstract JsonNode? Evaluate(ScriptSandbox sandbox);

    /// <summary>Every expression inside, for validation.</summary>
    public abstract IEnumerable<CompiledExpression> Expressions { get; }

    public static readonly Template Null = new LiteralTemplate(null);

    private sealed class LiteralTemplate(JsonNode? value) : Template
    {
        public override bool IsConstant => true;

        public override JsonNode? Evaluate(ScriptSandbox sandbox) => value?.DeepClone();

        public override IEnumerable<CompiledExpression> Expressions => [];
    }

    private sealed class ExpressionTemplate(CompiledExpression expression) : Template
    {
        public override bool IsConstant => false;

        public override JsonNode? Evaluate(ScriptSandbox sandbox) => sandbox.Evaluate(expression);

        public override IEnumerable<CompiledExpression> Expressions => [expression];
    }

    private sealed class TextTemplate(IReadOnlyList<object> parts) : Template
    {
        public override bool IsConstant => false;

        public override JsonNode? Evaluate(ScriptSandbox sandbox)
        {
            var sb = new StringBuilder();
            foreach (var part in parts)
            {
                if (part is string s) { sb.Append(s); continue; }
                var v = sandbox.Evaluate((CompiledExpression)part);
                sb.Append(v switch
                {
                    null => "",
                    JsonValue jv when jv.TryGetValue<string>(out var str) => str,
                    _ => v.ToJsonString(),
                });
            }
            return JsonValue.Create(sb.ToString());
        }

        public override IEnumerable<CompiledExpression> Expressions => parts.OfType<CompiledExpression>();
    }

    private sealed class ObjectTemplate(IReadOnlyList<KeyValuePair<string, Template>> members) : Template
    {
        public override bool IsConstant => false;

        public override JsonNode? Evaluate(ScriptSandbox sandbox)
        {
            var o = new JsonObject();
            foreach (var (k, t) in members) o[k] = t.Evaluate(sandbox);
            return o;
        }

        public override IEnumerable<CompiledExpression> Expressions => members.SelectMany(m => m.Value.Expressions);
    }

    private sealed class ArrayTemplate(IReadOnlyList<Template> items) : Template
    {
        public override bool IsConstant => false;

        public override JsonNode? Evaluate(ScriptSandbox sandbox)
        {
            var a = new JsonArray();
            foreach (var t in items) a.Add(t.Evaluate(sandbox));
            return a;
        }

        public override IEnumerable<CompiledExpression> Expressions => items.SelectMany(i => i.Expressions);
    }

    public static Template Literal(JsonNode? value) => new LiteralTemplate(value);

    public static Template Object(IReadOnlyList<KeyValuePair<string, Template>> members, JsonObject constant) =>
        members.All(m => m.Value.IsConstant) ? new LiteralTemplate(constant) : new ObjectTemplate(members);

    public static Template Array(IReadOnlyList<Template> items, JsonArray constant) =>
        items.All(i => i.IsConstant) ? new LiteralTemplate(constant) : new ArrayTemplate(items);

    /// <summary>Compiles a string; throws <see cref="ExpressionSyntaxException"/> (column within the string).</summary>
    public static Template FromString(string text)
    {
        var start = text.IndexOf("${", StringComparison.Ordinal);
        if (start < 0) return new LiteralTemplate(JsonValue.Create(text));
        var parts = new List<object>();
        var pos = 0;
        while (start >= 0)
        {
            if (start > pos) parts.Add(text[pos..start]);
            var end = FindClose(text, start + 2);
            if (end < 0) throw new ExpressionSyntaxException("'${' has no closing '}'", 1, start + 1);
            var src = text[(start + 2)..end];
            if (string.IsNullOrWhiteSpace(src)) throw new ExpressionSyntaxException("empty expression", 1, start + 1);
            try
            {
                parts.Add(CompiledExpression.Expression(src.Trim()));
            }
            catch (ExpressionSyntaxException e)
            {
                throw new ExpressionSyntaxException(e.Message, 1, start + 3 + e.Column);
            }
            pos = end + 1;
            start = text.IndexOf("${", pos, StringComparison.Ordinal);
        }
        if (pos < text.Length) parts.Add(text[pos..]);
        if (parts.Count == 1 && parts[0] is CompiledExpression single) return new ExpressionTemplate(single);
        return new TextTemplate(parts);
    }

    /// <summary>Finds the '}' that closes an expression, skipping braces inside JavaScript strings, template literals and nested objects.</summary>
    private static int FindClose(string text, int from)
    {
        var depth = 0;
        char quote = '\0';
        for (var i = from; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == '\\') i++;
                else if (c == quote) quote = '\0';
                continue;
            }
            switch (c)
            {
                case '\'' or '"' or '`': quote = c; break;
                case '{': depth++; break;
                case '}' when depth == 0: return i;
                case '}': depth--; break;
            }
        }
        return -1;
    }
}
