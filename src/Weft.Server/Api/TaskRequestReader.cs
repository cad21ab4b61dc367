using System.Text.Json.Nodes;
using Weft.Contracts.Tasks;
using Weft.Core.Storage;
using Weft.Core.Tasks;

namespace Weft.Server.Api;

/// <summary>Reads the body of a free-standing task, naming the field at fault.</summary>
internal static class TaskRequestReader
{
    /// <summary>The task and its files (<c>files: [{ name, contentType, content }]</c>, content in base64); no assignee means the caller.</summary>
    public static (TaskRecord Task, List<NewTaskFile> Files) Read(string ns, CreateTaskRequest body, string? caller, DateTimeOffset now)
    {
        var title = body.Title is { Length: > 0 } t ? t : throw new BadRequestException("'title' is required.", "title");
        var description = body.Description is { Length: > 0 } d0 ? d0 : null;
        var assignee = body.Assignee ?? (caller is not null ? new TaskAssigneeResponse(User: caller)
            : throw new BadRequestException("'assignee' is required (or a signed-in caller): { \"user\": \"...\" }, { \"role\": \"...\" } or { \"filter\": \"${ ... }\" }.", "assignee"));
        var (user, role, filter) = (NonEmpty(assignee.User), NonEmpty(assignee.Role), NonEmpty(assignee.Filter));
        if ((user is null ? 0 : 1) + (role is null ? 0 : 1) + (filter is null ? 0 : 1) != 1)
            throw new BadRequestException("'assignee' takes exactly one of user, role, filter.", "assignee");
        if (filter is not null)
        {
            try
            {
                if (Weft.Core.Expressions.Template.FromString(filter).IsConstant) throw new BadRequestException("'assignee.filter' must be an expression such as \"${ user.attributes.dept == 'sales' }\".", "assignee.filter");
            }
            catch (Weft.Core.Expressions.ExpressionSyntaxException e)
            {
                throw new BadRequestException("'assignee.filter' does not parse: " + e.Message, "assignee.filter");
            }
        }
        var (form, values) = ReadForm(body.Form);
        var actions = ReadActions(body.Actions);
        DateTimeOffset? due = null;
        if (body.DueAt is { } d)
        {
            due = DateTimeOffset.TryParse(d, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : throw new BadRequestException("'dueAt' must be an ISO 8601 date and time.", "dueAt");
        }
        var files = ReadFiles(body.Files);
        var task = new TaskRecord
        {
            Id = Guid.CreateVersion7(now).ToString(),
            Namespace = ns,
            Title = title,
            Description = description,
            AssigneeUser = user,
            AssigneeRole = role,
            AssigneeFilter = filter,
            Form = form,
            Values = values,
            Actions = actions,
            DueAt = due,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()),
        };
        return (task, files);
    }

    private static List<NewTaskFile> ReadFiles(IReadOnlyList<TaskFileRequest>? list)
    {
        var files = new List<NewTaskFile>();
        if (list is null) return files;
        for (var i = 0; i < list.Count; i++)
        {
            var at = $"files[{i}]";
            var f = list[i] ?? throw new BadRequestException("a file is { name, contentType, content (base64) }.", at);
            var name = NonEmpty(f.Name);
            if (name is null || name.Length > 255 || name.IndexOfAny(['/', '\\', '\0']) >= 0)
                throw new BadRequestException("a file needs a 'name' (at most 255 characters, no slashes).", at + ".name");
            byte[] content;
            try
            {
                content = Convert.FromBase64String(f.Content ?? "");
            }
            catch (FormatException)
            {
                throw new BadRequestException("'content' must be base64.", at + ".content");
            }
            files.Add(new NewTaskFile(name, NonEmpty(f.ContentType) ?? "application/octet-stream", content));
        }
        return files;
    }

    private static (List<FormField>, JsonObject) ReadForm(IReadOnlyList<TaskFormFieldRequest>? list)
    {
        var fields = new List<FormField>();
        var values = new JsonObject();
        if (list is null) return (fields, values);
        for (var i = 0; i < list.Count; i++)
        {
            var at = $"form[{i}]";
            var f = list[i] ?? throw new BadRequestException("a form field is an object { key, label, type, ... }.", at);
            var key = NonEmpty(f.Key) ?? throw new BadRequestException("a form field needs 'key'.", at + ".key");
            if (fields.Any(x => x.Key == key)) throw new BadRequestException($"field key '{key}' is used twice.", at + ".key");
            var typeName = NonEmpty(f.Type) ?? "string";
            if (!Enum.TryParse<FieldType>(typeName, ignoreCase: true, out var type) || !Enum.GetNames<FieldType>().Contains(typeName, StringComparer.OrdinalIgnoreCase))
                throw new BadRequestException($"unknown field type '{typeName}' (string, number, integer, boolean, datetime, decimal, choice).", at + ".type");
            if (RequestBody.FirstNull(f.Options) >= 0) throw new BadRequestException("'options' must be a list of names.", at + ".options");
            var options = f.Options?.ToList();
            if (type == FieldType.Choice && (options is null || options.Count == 0)) throw new BadRequestException("a choice field needs 'options'.", at + ".options");
            var field = new FormField(key, NonEmpty(f.Label) ?? key, type, f.Required ?? false, f.Readonly ?? false, options);
            if (f.Default is { } def)
            {
                if (field.Check(def) is { } problem) throw new BadRequestException($"default {problem}.", at + ".default");
                values[key] = def;
            }
            fields.Add(field);
        }
        return (fields, values);
    }

    private static List<string> ReadActions(IReadOnlyList<string>? actions)
    {
        if (actions is null) return ["approve", "reject"];
        if (actions.Count == 0 || actions.Any(a => a is not { Length: > 0 }))
            throw new BadRequestException("'actions' must be a non-empty list of names.", "actions");
        return [.. actions.Distinct(StringComparer.Ordinal)];
    }

    private static string? NonEmpty(string? text) => text is { Length: > 0 } ? text : null;
}
