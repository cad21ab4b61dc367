using System.Text.Json.Nodes;
using Weft.Core.Commands;
using Weft.Core.Storage;

namespace Weft.Server.Api;

/// <summary>
/// Reads the body of a free-standing task into a <see cref="CreateTask"/>, naming the field at fault: only the JSON
/// shape is checked here (a text, a list, base64); what the values may be is the command's (<see cref="TaskValidation"/>).
/// </summary>
internal static class TaskRequestReader
{
    /// <summary>The task and its files (<c>files: [{ name, contentType, content }]</c>, content in base64); no assignee means the caller.</summary>
    public static CreateTask Read(string ns, JsonObject body, string? caller)
    {
        TaskAssignee? assignee = body["assignee"] switch
        {
            null => null,
            JsonObject o => new TaskAssignee(Text(o, "user", "assignee.user"), Text(o, "role", "assignee.role"), Text(o, "filter", "assignee.filter")),
            _ => throw new BadRequestException("'assignee' is required (or a signed-in caller): { \"user\": \"...\" }, { \"role\": \"...\" } or { \"filter\": \"${ ... }\" }.", "assignee"),
        };
        DateTimeOffset? due = null;
        if (body["dueAt"] is { } d)
        {
            due = d is JsonValue dv && dv.TryGetValue<string>(out var s) && DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : throw new BadRequestException("'dueAt' must be an ISO 8601 date and time.", "dueAt");
        }
        return new CreateTask
        {
            Namespace = ns,
            Title = Text(body, "title"),
            Description = Text(body, "description"),
            Assignee = assignee,
            Form = ReadForm(body["form"]),
            Actions = ReadActions(body["actions"]),
            DueAt = due,
            Files = ReadFiles(body["files"]),
            CreatedBy = caller,
        };
    }

    private static List<NewTaskFile> ReadFiles(JsonNode? node)
    {
        var files = new List<NewTaskFile>();
        if (node is null) return files;
        if (node is not JsonArray list) throw new BadRequestException("'files' must be a list of { name, contentType, content (base64) }.", "files");
        for (var i = 0; i < list.Count; i++)
        {
            var at = $"files[{i}]";
            if (list[i] is not JsonObject f) throw new BadRequestException("a file is { name, contentType, content (base64) }.", at);
            byte[] content;
            try
            {
                content = Convert.FromBase64String(Text(f, "content", at + ".content") ?? "");
            }
            catch (FormatException)
            {
                throw new BadRequestException("'content' must be base64.", at + ".content");
            }
            files.Add(new NewTaskFile(Text(f, "name", at + ".name") ?? "", Text(f, "contentType", at + ".contentType") ?? "application/octet-stream", content));
        }
        return files;
    }

    private static List<NewFormField>? ReadForm(JsonNode? node)
    {
        if (node is null) return null;
        if (node is not JsonArray list) throw new BadRequestException("'form' must be a list of fields { key, label, type, required, readonly, default, options }.", "form");
        var fields = new List<NewFormField>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var at = $"form[{i}]";
            if (list[i] is not JsonObject f) throw new BadRequestException("a form field is an object { key, label, type, ... }.", at);
            List<string>? options = null;
            if (f["options"] is { } o)
            {
                options = o is JsonArray oa && oa.All(x => x is JsonValue xv && xv.TryGetValue<string>(out _))
                    ? [.. oa.Select(x => x!.GetValue<string>())]
                    : throw new BadRequestException("'options' must be a list of names.", at + ".options");
            }
            fields.Add(new NewFormField(Text(f, "key", at + ".key"), Text(f, "label", at + ".label"), Text(f, "type", at + ".type"),
                Flag(f, "required", at), Flag(f, "readonly", at), options, f["default"]));
        }
        return fields;
    }

    private static List<string>? ReadActions(JsonNode? node)
    {
        if (node is null) return null;
        if (node is not JsonArray a || !a.All(x => x is JsonValue v && v.TryGetValue<string>(out _)))
            throw new BadRequestException("'actions' must be a non-empty list of names.", "actions");
        return [.. a.Select(x => x!.GetValue<string>())];
    }

    private static string? Text(JsonObject o, string key, string? field = null) => o[key] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0 ? null : s,
        _ => throw new BadRequestException($"'{key}' must be a text value.", field ?? key),
    };

    private static bool Flag(JsonObject o, string key, string at) => o[key] switch
    {
        null => false,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        _ => throw new BadRequestException($"'{key}' must be true or false.", at + "." + key),
    };
}
