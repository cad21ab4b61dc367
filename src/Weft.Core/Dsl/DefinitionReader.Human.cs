using Weft.Core.Definitions;
using Weft.Core.Expressions;
using Weft.Core.Tasks;
using YamlDotNet.RepresentationModel;

namespace Weft.Core.Dsl;

internal sealed partial class DefinitionReader
{
    private HumanStep? ReadHuman(YamlMappingNode map, StepCommon c)
    {
        CheckKeys(map, [.. CommonStepKeys, "title", "form", "actions", "due", "escalate"], c.Id);
        var title = Child(map, "title") is { } t ? Template(t, "title") : null;
        if (Child(map, "title") is null) Add(map, "a human step needs 'title'", "title");
        var description = Child(map, "description") is { } d ? Template(d, "description") : null;
        var assignment = ReadTaskAssignment(map);
        var form = ReadForm(Child(map, "form"));
        var actions = ReadActions(Child(map, "actions"));
        var due = Child(map, "due") is { } dn ? DurationOf(dn, "due") : null;
        if (due is { } dv && dv <= TimeSpan.Zero) Add(Child(map, "due")!, "due must be longer than zero", "due");
        var escalate = ReadEscalation(Child(map, "escalate"));
        if (escalate is not null && Child(map, "due") is null) Add(Child(map, "escalate")!, "escalate needs 'due': when the task escalates", "escalate");
        if (title is null || assignment is null) return null;
        return c.Fill(new HumanStep
        {
            Id = c.Id,
            Title = title,
            Description = description,
            Assignment = assignment,
            Form = form,
            Actions = actions,
            Due = due,
            Escalate = escalate,
        });
    }

    private TaskAssignment? ReadTaskAssignment(YamlMappingNode step)
    {
        if (Child(step, "assign") is not YamlMappingNode map)
        {
            Add(Child(step, "assign") ?? step, "a human step needs 'assign': { user }, { role }, { initiator: true } or { filter: \"${ ... }\" }", "assign");
            return null;
        }
        CheckKeys(map, ["user", "role", "initiator", "filter", "otherwise"], "assign");
        TaskAssignment? otherwise = null;
        if (Child(map, "otherwise") is { } o)
        {
            if (Child(map, "initiator") is null) Add(o, "otherwise goes with initiator: true only", "assign.otherwise");
            otherwise = ReadOtherwise(o);
        }
        if (map.Children.Count - (Child(map, "otherwise") is null ? 0 : 1) != 1)
        {
            Add(map, "assign takes exactly one of user, role, initiator, filter", "assign");
            return null;
        }
        var user = Child(map, "user") is { } u ? Template(u, "assign.user") : null;
        var role = Child(map, "role") is { } r ? Template(r, "assign.role") : null;
        var initiator = false;
        if (Child(map, "initiator") is { } i)
        {
            initiator = Bool(map, "initiator") ?? false;
            if (!initiator) Add(i, "initiator must be true (or leave it out)", "assign.initiator");
        }
        string? filter = null;
        if (Child(map, "filter") is { } f)
        {
            filter = String(map, "filter", field: "assign.filter");
            if (filter is not null)
            {
                try
                {
                    var compiled = Expressions.Template.FromString(filter);
                    if (compiled.IsConstant) Add(f, "filter must be an expression over user, such as \"${ user.attributes.dept == 'sales' }\"", "assign.filter");
                }
                catch (ExpressionSyntaxException e)
                {
                    Add(f, $"expression does not parse: {e.Message}", "assign.filter");
                    filter = null;
                }
            }
        }
        if (user is null && role is null && !initiator && filter is null) return null;
        return new TaskAssignment(user, role, initiator, filter, otherwise);
    }

    /// <summary><c>otherwise: { user }</c> or <c>{ role }</c>: where an initiator's task goes when a service started the run.</summary>
    private TaskAssignment? ReadOtherwise(YamlNode node)
    {
        if (node is not YamlMappingNode map || map.Children.Count != 1 || (Child(map, "user") is null && Child(map, "role") is null))
        {
            Add(node, "otherwise takes exactly one of user, role", "assign.otherwise");
            return null;
        }
        return new TaskAssignment(
            Child(map, "user") is { } u ? Template(u, "assign.otherwise.user") : null,
            Child(map, "role") is { } r ? Template(r, "assign.otherwise.role") : null, false, null);
    }

    private List<FormFieldDefinition> ReadForm(YamlNode? node)
    {
        var list = new List<FormFieldDefinition>();
        if (node is null) return list;
        if (node is not YamlSequenceNode seq)
        {
            Add(node, "form must be a list of fields: { key, label, type, required, readonly, default, options }", "form");
            return list;
        }
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var at = $"form[{i}]";
            if (seq.Children[i] is not YamlMappingNode m)
            {
                Add(seq.Children[i], "a form field is { key, label, type, required, readonly, default, options }", at);
                continue;
            }
            CheckKeys(m, ["key", "label", "type", "required", "readonly", "default", "options"], at);
            var key = String(m, "key", required: true, field: at + ".key");
            if (key is null) continue;
            if (!IdPattern().IsMatch(key)) Add(Child(m, "key")!, $"field key '{key}' must start with a letter or '_' and hold only letters, digits, '_' and '-'", at + ".key");
            if (!keys.Add(key)) Add(Child(m, "key")!, $"field key '{key}' is used twice", at + ".key");
            var typeName = String(m, "type", field: at + ".type") ?? "string";
            if (!TryParseName<FieldType>(typeName, out var type))
            {
                Add(Child(m, "type")!, $"unknown field type '{typeName}' (string, number, integer, boolean, datetime, decimal, choice)", at + ".type");
                continue;
            }
            List<string>? options = null;
            if (Child(m, "options") is { } on)
            {
                if (on is YamlSequenceNode os && os.Children.All(o => o is YamlScalarNode { Value.Length: > 0 }))
                    options = [.. os.Children.Select(o => ((YamlScalarNode)o).Value!)];
                else
                    Add(on, "options must be a list of names", at + ".options");
            }
            if (type == FieldType.Choice && (options is null || options.Count == 0) && Child(m, "options") is null)
                Add(m, "a choice field needs 'options'", at + ".options");
            if (type != FieldType.Choice && options is not null)
                Add(Child(m, "options")!, "only a choice field has options", at + ".options");
            var field = new FormField(key, String(m, "label", field: at + ".label") ?? key, type, Bool(m, "required") ?? false, Bool(m, "readonly") ?? false, options);
            Template? def = null;
            if (Child(m, "default") is { } dn)
            {
                def = Template(dn, at + ".default");
                if (def is { IsConstant: true } && field.Check(def.Evaluate(null!)) is { } problem)
                    Add(dn, $"default {problem}", at + ".default");
            }
            list.Add(new FormFieldDefinition(field, def));
        }
        return list;
    }

    private List<string> ReadActions(YamlNode? node)
    {
        if (node is null) return ["approve", "reject"];
        if (node is not YamlSequenceNode seq || seq.Children.Count == 0)
        {
            Add(node, "actions must be a non-empty list of names, such as [approve, reject]", "actions");
            return ["approve", "reject"];
        }
        var list = new List<string>();
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var name = (seq.Children[i] as YamlScalarNode)?.Value;
            if (name is null || !IdPattern().IsMatch(name)) Add(seq.Children[i], "an action is a name of letters, digits, '_' and '-'", $"actions[{i}]");
            else if (list.Contains(name)) Add(seq.Children[i], $"action '{name}' is given twice", $"actions[{i}]");
            else list.Add(name);
        }
        return list;
    }

    private Escalation? ReadEscalation(YamlNode? node)
    {
        if (node is null) return null;
        if (node is not YamlMappingNode map)
        {
            Add(node, "escalate is { user } or { role } and/or { goto: step }", "escalate");
            return null;
        }
        CheckKeys(map, ["user", "role", "goto"], "escalate");
        var user = Child(map, "user") is { } u ? Template(u, "escalate.user") : null;
        var role = Child(map, "role") is { } r ? Template(r, "escalate.role") : null;
        var target = String(map, "goto", field: "escalate.goto");
        if (user is not null && role is not null) Add(map, "escalate reassigns to a user or a role, not both", "escalate");
        if (user is null && role is null && target is null)
        {
            Add(map, "escalate needs 'user', 'role' or 'goto'", "escalate");
            return null;
        }
        return new Escalation(user, role, target);
    }
}
