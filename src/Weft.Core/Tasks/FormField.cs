using Weft.Core.Definitions;
using Weft.Core.Dsl;

namespace Weft.Core.Tasks;

/// <summary>One typed field of a task's form, as stored with the task.</summary>
public sealed record FormField(string Key, string Label, FieldType Type, bool Required = false, bool Readonly = false, IReadOnlyList<string>? Options = null)
{
    /// <summary>Null when <paramref name="value"/> fits the field (null always fits: the field is empty), otherwise what is wrong.</summary>
    public string? Check(System.Text.Json.Nodes.JsonNode? value)
    {
        if (value is null) return null;
        if (Type == FieldType.Choice)
        {
            return value is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var s) && Options is not null && Options.Contains(s)
                ? null
                : $"must be one of: {string.Join(", ", Options ?? [])}";
        }
        var input = Type switch
        {
            FieldType.String => InputType.String,
            FieldType.Number => InputType.Number,
            FieldType.Integer => InputType.Integer,
            FieldType.Boolean => InputType.Boolean,
            FieldType.DateTime => InputType.DateTime,
            _ => InputType.Decimal,
        };
        return InputValidator.Check(new InputField(Key, input, Required, null, null), value);
    }

    /// <summary>True when a required field would count as left empty with this value.</summary>
    public static bool IsEmpty(System.Text.Json.Nodes.JsonNode? value) =>
        value is null || (value is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0);
}
