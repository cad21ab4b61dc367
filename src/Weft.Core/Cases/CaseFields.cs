using System.Net.Mail;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Weft.Core.Dsl;
using Weft.Core.Services;

namespace Weft.Core.Cases;

/// <summary>Reads and checks a case's fields from a request body: types, lengths, the email's form.</summary>
public static partial class CaseFields
{
    public const int MaxName = 200;
    public const int MaxPersonalNumber = 64;
    public const int MaxEmail = 254;
    public const int MaxCompanyNumber = 64;
    public const int MaxCompanyAddress = 500;
    public const int MaxAttributes = 50;
    public const int MaxAttributesBytes = 16 * 1024;

    private static readonly (string Name, int Max)[] Texts =
    [
        ("firstName", MaxName), ("lastName", MaxName), ("personalNumber", MaxPersonalNumber), ("email", MaxEmail),
        ("companyName", MaxName), ("companyNumber", MaxCompanyNumber), ("companyAddress", MaxCompanyAddress),
    ];

    /// <summary>
    /// The case <paramref name="current"/> with the body's fields applied: with <paramref name="replace"/> a field left
    /// out is cleared (PUT), otherwise it is kept (PATCH; null clears). Throws <see cref="FieldsException"/> listing
    /// every wrong field; nothing is applied then.
    /// </summary>
    public static CaseRecord Apply(CaseRecord current, JsonObject body, bool replace)
    {
        var problems = new List<DefinitionProblem>();
        var texts = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, max) in Texts)
        {
            if (!body.TryGetPropertyValue(name, out var node))
            {
                if (replace) texts[name] = null;
                continue;
            }
            if (Text(name, node, max, problems, out var text)) texts[name] = text;
        }
        if (texts.GetValueOrDefault("email") is { } email && !IsEmail(email))
            problems.Add(new DefinitionProblem($"'email' is not an email address: '{email}'", Field: "email"));
        var attributes = replace ? [] : current.Attributes;
        if (body.TryGetPropertyValue("attributes", out var attrs))
        {
            if (attrs is null) attributes = [];
            else if (attrs is not JsonObject o) problems.Add(new DefinitionProblem("'attributes' must be an object", Field: "attributes"));
            else if (o.Count > MaxAttributes) problems.Add(new DefinitionProblem($"'attributes' may hold at most {MaxAttributes} entries", Field: "attributes"));
            else if (o.ToJsonString().Length > MaxAttributesBytes) problems.Add(new DefinitionProblem($"'attributes' is larger than {MaxAttributesBytes} bytes", Field: "attributes"));
            else attributes = o.DeepClone().AsObject();
        }
        foreach (var (name, _) in body)
        {
            if (name != "attributes" && !Texts.Any(t => t.Name == name))
                problems.Add(new DefinitionProblem($"'{name}' is not a field of a case (firstName, lastName, personalNumber, email, companyName, companyNumber, companyAddress, attributes)", Field: name));
        }
        if (problems.Count > 0) throw new FieldsException(problems);
        string? Get(string name, string? old) => texts.TryGetValue(name, out var v) ? v : old;
        return current with
        {
            FirstName = Get("firstName", current.FirstName),
            LastName = Get("lastName", current.LastName),
            PersonalNumber = Get("personalNumber", current.PersonalNumber),
            Email = Get("email", current.Email),
            CompanyName = Get("companyName", current.CompanyName),
            CompanyNumber = Get("companyNumber", current.CompanyNumber),
            CompanyAddress = Get("companyAddress", current.CompanyAddress),
            Attributes = attributes,
        };
    }

    private static bool Text(string name, JsonNode? node, int max, List<DefinitionProblem> problems, out string? text)
    {
        text = null;
        if (node is null) return true;
        if (node.GetValueKind() != JsonValueKind.String)
        {
            problems.Add(new DefinitionProblem($"'{name}' must be a string", Field: name));
            return false;
        }
        var value = node.GetValue<string>().Trim();
        if (value.Length > max)
        {
            problems.Add(new DefinitionProblem($"'{name}' is longer than {max} characters", Field: name));
            return false;
        }
        text = value.Length == 0 ? null : value;
        return true;
    }

    /// <summary>One address, as typed (no display name), with a local part, an at sign and a dotted domain.</summary>
    public static bool IsEmail(string text)
    {
        if (!EmailShape().IsMatch(text)) return false;
        try
        {
            return string.Equals(new MailAddress(text).Address, text, StringComparison.Ordinal);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")]
    private static partial Regex EmailShape();
}
