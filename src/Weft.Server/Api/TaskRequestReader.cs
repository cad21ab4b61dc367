using Weft.Contracts.Tasks;
using Weft.Core.Commands;
using Weft.Core.Storage;

namespace Weft.Server.Api;

/// <summary>
/// The free-standing task body (<see cref="CreateTaskRequest"/>, bound and shape-checked) as a <see cref="CreateTask"/>:
/// here only what the wire decides (no null list entries, base64, an ISO 8601 time); what the values may be is the
/// command's (<see cref="TaskValidation"/>).
/// </summary>
internal static class TaskRequestReader
{
    /// <summary>The task and its files (<c>files: [{ name, contentType, content }]</c>, content in base64); no assignee means the caller.</summary>
    public static CreateTask Read(string ns, CreateTaskRequest body, string? caller)
    {
        DateTimeOffset? due = null;
        if (body.DueAt is { } d)
        {
            due = DateTimeOffset.TryParse(d, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : throw new BadRequestException("'dueAt' must be an ISO 8601 date and time.", "dueAt");
        }
        if (RequestBody.FirstNull(body.Actions) >= 0) throw new BadRequestException("'actions' must be a non-empty list of names.", "actions");
        return new CreateTask
        {
            Namespace = ns,
            Title = body.Title,
            Description = body.Description,
            Assignee = body.Assignee is { } a ? new TaskAssignee(a.User, a.Role, a.Filter) : null,
            Form = ReadForm(body.Form),
            Actions = body.Actions,
            DueAt = due,
            Files = ReadFiles(body.Files),
            CreatedBy = caller,
        };
    }

    private static List<NewTaskFile> ReadFiles(IReadOnlyList<TaskFileRequest>? list)
    {
        var files = new List<NewTaskFile>();
        if (list is null) return files;
        for (var i = 0; i < list.Count; i++)
        {
            var at = $"files[{i}]";
            var f = list[i] ?? throw new BadRequestException("a file is { name, contentType, content (base64) }.", at);
            byte[] content;
            try
            {
                content = Convert.FromBase64String(f.Content ?? "");
            }
            catch (FormatException)
            {
                throw new BadRequestException("'content' must be base64.", at + ".content");
            }
            files.Add(new NewTaskFile(f.Name ?? "", f.ContentType is { Length: > 0 } type ? type : "application/octet-stream", content));
        }
        return files;
    }

    private static List<NewFormField>? ReadForm(IReadOnlyList<TaskFormFieldRequest>? list)
    {
        if (list is null) return null;
        var fields = new List<NewFormField>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var at = $"form[{i}]";
            var f = list[i] ?? throw new BadRequestException("a form field is an object { key, label, type, ... }.", at);
            if (RequestBody.FirstNull(f.Options) >= 0) throw new BadRequestException("'options' must be a list of names.", at + ".options");
            fields.Add(new NewFormField(f.Key, f.Label, f.Type, f.Required ?? false, f.Readonly ?? false, f.Options, f.Default));
        }
        return fields;
    }
}
