using System.Text.Json.Nodes;
using Weft.Core.Definitions;
using Weft.Core.Expressions;
using YamlDotNet.RepresentationModel;

namespace Weft.Core.Dsl;

internal sealed partial class DefinitionReader
{
    private SetStep ReadSet(YamlMappingNode map, StepCommon c)
    {
        CheckKeys(map, [.. CommonStepKeys, "values"], c.Id);
        var values = ReadAssignments(Child(map, "values"), "values");
        if (Child(map, "values") is null) Add(map, "a set step needs 'values'", "values");
        return c.Fill(new SetStep { Id = c.Id, Values = values });
    }

    private ScriptStep? ReadScript(YamlMappingNode map, StepCommon c)
    {
        CheckKeys(map, [.. CommonStepKeys, "code"], c.Id);
        var node = Child(map, "code");
        var code = String(map, "code", required: true);
        if (code is null) return null;
        try
        {
            var compiled = CompiledExpression.Script(code);
            return c.Fill(new ScriptStep { Id = c.Id, Code = compiled });
        }
        catch (ExpressionSyntaxException e)
        {
            // A block scalar's text starts on the line after its indicator.
            var scalar = (YamlScalarNode)node!;
            var firstLine = scalar.Style is YamlDotNet.Core.ScalarStyle.Literal or YamlDotNet.Core.ScalarStyle.Folded ? scalar.Start.Line + 1 : scalar.Start.Line;
            Problems.Add(new DefinitionProblem($"script does not parse: {e.Message}", (int)firstLine + e.Line - 1, e.Line == 1 && firstLine == scalar.Start.Line ? (int)scalar.Start.Column + e.Column - 1 : e.Column, _step, "code"));
            return null;
        }
    }

    private SwitchStep ReadSwitch(YamlMappingNode map, StepCommon c)
    {
        CheckKeys(map, [.. CommonStepKeys, "cases", "default"], c.Id);
        var cases = new List<SwitchCase>();
        if (Child(map, "cases") is not YamlSequenceNode seq)
        {
            Add(Child(map, "cases") ?? map, "a switch step needs 'cases': a list of { when, goto }", "cases");
        }
        else
        {
            for (var i = 0; i < seq.Children.Count; i++)
            {
                var field = $"cases[{i}]";
                if (seq.Children[i] is not YamlMappingNode cm)
                {
                    Add(seq.Children[i], "a case is { when, goto }", field);
                    continue;
                }
                CheckKeys(cm, ["when", "goto"], c.Id);
                var when = Child(cm, "when") is { } w ? Template(w, field + ".when") : null;
                if (Child(cm, "when") is null) Add(cm, "a case needs 'when'", field + ".when");
                var target = String(cm, "goto", required: true, field: field + ".goto");
                // A case whose condition does not parse is still kept, so its goto is checked too; the definition is refused anyway.
                if (target is not null) cases.Add(new SwitchCase(when ?? Expressions.Template.Null, target));
            }
        }
        return c.Fill(new SwitchStep { Id = c.Id, Cases = cases, Default = String(map, "default") });
    }

    private HttpStep? ReadHttp(YamlMappingNode map, StepCommon c)
    {
        CheckKeys(map, [.. CommonStepKeys, "request"], c.Id);
        if (Child(map, "request") is not YamlMappingNode req)
        {
            Add(Child(map, "request") ?? map, "an http step needs 'request': { method, url, headers, query, body }", "request");
            return null;
        }
        CheckKeys(req, ["method", "url", "headers", "query", "body"], c.Id);
        var url = Child(req, "url") is { } u ? Template(u, "request.url") : null;
        if (url is null) Add(req, "request needs 'url'", "request.url");
        var method = Child(req, "method") is { } m ? Template(m, "request.method") : Expressions.Template.Literal(JsonValue.Create("GET"));
        if (method is not null && method.IsConstant)
        {
            var text = method.Evaluate(null!)?.ToString().ToUpperInvariant();
            if (text is not ("GET" or "POST" or "PUT" or "PATCH" or "DELETE" or "HEAD" or "OPTIONS"))
                Add(Child(req, "method")!, $"unknown HTTP method '{text}'", "request.method");
        }
        if (url is not null && url.IsConstant && !Uri.TryCreate(url.Evaluate(null!)?.ToString(), UriKind.Absolute, out var parsed) | (parsed is not null && parsed.Scheme is not ("http" or "https")))
            Add(Child(req, "url")!, "url must be an absolute http or https address", "request.url");
        if (url is null || method is null) return null;
        return c.Fill(new HttpStep
        {
            Id = c.Id,
            Method = method,
            Url = url,
            Headers = Child(req, "headers") is { } h ? Template(h, "request.headers") : null,
            Query = Child(req, "query") is { } q ? Template(q, "request.query") : null,
            Body = Child(req, "body") is { } b ? Template(b, "request.body") : null,
        });
    }

    private DelayStep? ReadDelay(YamlMappingNode map, StepCommon c)
    {
        CheckKeys(map, [.. CommonStepKeys, "duration"], c.Id);
        if (Child(map, "duration") is not { } d)
        {
            Add(map, "a delay step needs 'duration' (such as 30s, or an expression giving seconds)", "duration");
            return null;
        }
        var t = Template(d, "duration");
        if (t is { IsConstant: true } && d is YamlScalarNode s && !Duration.TryParse(s.Value, out _))
            Add(d, $"'{s.Value}' is not a duration (such as 30s, 5m, 2d or PT30S)", "duration");
        return t is null ? null : c.Fill(new DelayStep { Id = c.Id, Duration = t });
    }

    private UntilStep? ReadUntil(YamlMappingNode map, StepCommon c)
    {
        CheckKeys(map, [.. CommonStepKeys, "at"], c.Id);
        if (Child(map, "at") is not { } a)
        {
            Add(map, "an until step needs 'at' (an ISO 8601 date and time, or an expression giving one)", "at");
            return null;
        }
        var t = Template(a, "at");
        if (t is { IsConstant: true } && a is YamlScalarNode s && !DateTimeOffset.TryParse(s.Value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out _))
            Add(a, $"'{s.Value}' is not an ISO 8601 date and time", "at");
        return t is null ? null : c.Fill(new UntilStep { Id = c.Id, At = t });
    }

    private FailStep ReadFail(YamlMappingNode map, StepCommon c)
    {
        CheckKeys(map, [.. CommonStepKeys, "error"], c.Id);
        var error = Child(map, "error") is { } e ? Template(e, "error") : null;
        return c.Fill(new FailStep { Id = c.Id, Error = error ?? Expressions.Template.Literal(JsonValue.Create("the run failed at step " + c.Id)) });
    }

    private EndStep ReadEnd(YamlMappingNode map, StepCommon c)
    {
        CheckKeys(map, [.. CommonStepKeys], c.Id);
        var output = Child(map, "output") is { } o ? Template(o, "output") : null;
        return c.Fill(new EndStep { Id = c.Id, RunOutput = output });
    }

    private List<KeyValuePair<string, Template>> ReadAssignments(YamlNode? node, string field)
    {
        var list = new List<KeyValuePair<string, Template>>();
        if (node is null) return list;
        if (node is not YamlMappingNode map)
        {
            Add(node, $"'{field}' must be a mapping of variable names to values", field);
            return list;
        }
        foreach (var (k, v) in map.Children)
        {
            var key = ((YamlScalarNode)k).Value ?? "";
            if (!IdPattern().IsMatch(key)) Add(k, $"variable name '{key}' must start with a letter or '_' and hold only letters, digits, '_' and '-'", field + "." + key);
            if (Template(v, field + "." + key) is { } t) list.Add(new(key, t));
        }
        return list;
    }
}
