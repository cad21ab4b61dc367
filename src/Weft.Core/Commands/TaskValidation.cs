using System.Text.Json.Nodes;
using Weft.Core.Expressions;
using Weft.Core.Tasks;

namespace Weft.Core.Commands;

/// <summary>What a <see cref="CreateTask"/> may hold, and the messages when it does not fit (field names as the native API's body has them).</summary>
public static class TaskValidation
{
    public const int MaxFileName = 255;
    public const int MaxFields = 200;

    /// <summary>The task to store, from a checked command; throws <see cref="InvalidFieldException"/> for the first field that does not fit.</summary>
    public static TaskRecord Check(CreateTask create, DateTimeOffset now)
    {
        var title = create.Title is { Length: > 0 } t ? t : throw new InvalidFieldException("'title' is required.", "title");
        var assignee = create.Assignee ?? (create.CreatedBy is { } caller ? new TaskAssignee(User: caller)
            : throw new InvalidFieldException("'assignee' is required (or a signed-in caller): { \"user\": \"...\" }, { \"role\": \"...\" } or { \"filter\": \"${ ... }\" }.", "assignee"));
        var (user, role, filter) = (Empty(assignee.User), Empty(assignee.Role), Empty(assignee.Filter));
        if ((user is null ? 0 : 1) + (role is null ? 0 : 1) + (filter is null ? 0 : 1) != 1)
            throw new InvalidFieldException("'assignee' takes exactly one of user, role, filter.", "assignee");
        if (filter is not null) CheckFilter(filter);
        var (form, values) = Form(create.Form);
        var files = create.Files ?? [];
        for (var i = 0; i < files.Count; i++)
        {
            if (files[i].Name.Length is 0 or > MaxFileName || files[i].Name.IndexOfAny(['/', '\\', '\0']) >= 0)
                throw new InvalidFieldException($"a file needs a 'name' (at most {MaxFileName} characters, no slashes).", $"files[{i}].name");
        }
        return new TaskRecord
        {
            Id = Guid.CreateVersion7(now).ToString(),
            Namespace = create.Namespace,
            Title = title,
            Description = Empty(create.Description),
            AssigneeUser = user,
            AssigneeRole = role,
            AssigneeFilter = filter,
            Form = form,
            Values = values,
            Actions = Actions(create.Actions),
            DueAt = create.DueAt,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()),
        };
    }

    private static string? Empty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static void CheckFilter(string filter)
    {
        try
        {
            if (Template.FromString(filter).IsConstant) throw new InvalidFieldException("'assignee.filter' must be an expression such as \"${ user.attributes.dept == 'sales' }\".", "assignee.filter");
        }
        catch (ExpressionSyntaxException e)
        {
            throw new InvalidFieldException("'assignee.filter' does not parse: " + e.Message, "assignee.filter");
        }
    }

    private static (List<FormField>, JsonObject) Form(IReadOnlyList<NewFormField>? given)
    {
        var fields = new List<FormField>();
        var values = new JsonObject();
        if (given is null) return (fields, values);
        if (given.Count > MaxFields) throw new InvalidFieldException($"'form' may hold at most {MaxFields} fields.", "form");
        for (var i = 0; i < given.Count; i++)
        {
            var at = $"form[{i}]";
            var f = given[i];
            var key = f.Key is { Length: > 0 } k ? k : throw new InvalidFieldException("a form field needs 'key'.", at + ".key");
            if (fields.Any(x => x.Key == key)) throw new InvalidFieldException($"field key '{key}' is used twice.", at + ".key");
            var typeName = f.Type is { Length: > 0 } tn ? tn : "string";
            if (!Enum.GetNames<FieldType>().Contains(typeName, StringComparer.OrdinalIgnoreCase) || !Enum.TryParse<FieldType>(typeName, ignoreCase: true, out var type))
                throw new InvalidFieldException($"unknown field type '{typeName}' (string, number, integer, boolean, datetime, decimal, choice).", at + ".type");
            if (type == FieldType.Choice && (f.Options is null || f.Options.Count == 0)) throw new InvalidFieldException("a choice field needs 'options'.", at + ".options");
            var field = new FormField(key, f.Label is { Length: > 0 } label ? label : key, type, f.Required, f.Readonly, f.Options);
            if (f.Default is { } def)
            {
                if (field.Check(def) is { } problem) throw new InvalidFieldException($"default {problem}.", at + ".default");
                values[key] = def.DeepClone();
            }
            fields.Add(field);
        }
        return (fields, values);
    }

    private static List<string> Actions(IReadOnlyList<string>? actions)
    {
        if (actions is null) return ["approve", "reject"];
        if (actions.Count == 0 || actions.Any(a => a.Length == 0)) throw new InvalidFieldException("'actions' must be a non-empty list of names.", "actions");
        return [.. actions.Distinct(StringComparer.Ordinal)];
    }
}
