using System.Text;
using System.Text.Json;
using Weft.Core.Definitions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Weft.Core.Dsl;

/// <summary>
/// Reads a definition written in YAML or JSON into one validated <see cref="WorkflowDefinition"/>.
/// Syntax errors carry the line and column; model errors carry the step id and field, and all of them
/// are reported at once.
/// </summary>
public static partial class DefinitionParser
{
    public const int MaxSteps = 1000;

    /// <summary>
    /// The longest definition text read, whatever front door it comes by (the native API's bodies stop first, at
    /// <c>Weft:Api:MaxBodyBytes</c>, 1 MiB by default); a definition of <see cref="MaxSteps"/> steps fits well inside.
    /// </summary>
    public const int MaxTextChars = 4 * 1024 * 1024;

    /// <summary>How deep lists and mappings may nest (the samples need under 15); deeper is refused before any recursive step sees it.</summary>
    public const int MaxDepth = 64;

    /// <summary>How many values aliases (<c>*name</c>) may add in all, counted as what they expand to (so an alias bomb is refused at once).</summary>
    public const int MaxAliasNodes = 100_000;

    /// <summary>Parses and validates; throws <see cref="DefinitionException"/> listing every problem.</summary>
    public static WorkflowDefinition Parse(string text, bool json) => ParseWithHash(text, json).Definition;

    /// <summary>Parses and validates, and returns a hash of the definition's content (the same for equal YAML and JSON).</summary>
    public static (WorkflowDefinition Definition, string Hash) ParseWithHash(string text, bool json)
    {
        var root = Load(text, json);
        var reader = new DefinitionReader();
        var definition = reader.Read(root);
        if (reader.Problems.Count > 0 || definition is null) throw new DefinitionException(reader.Problems, syntax: false);
        var canonical = YamlValues.ToJson(root)?.ToJsonString() ?? "";
        return (definition, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(canonical))));
    }

    private static YamlNode Load(string text, bool json)
    {
        if (text.Length > MaxTextChars)
            throw new DefinitionException([new DefinitionProblem($"the definition is longer than {MaxTextChars} characters", 1, 1)], syntax: false);
        if (json) CheckJsonSyntax(text);
        var stream = new YamlStream();
        try
        {
            stream.Load(new LimitedParser(new Parser(new StringReader(text)), text));
        }
        catch (YamlException e)
        {
            var message = e.InnerException?.Message ?? e.Message;
            // YamlDotNet prefixes "(Lin: x, Col: y, Chr: z) - (...): "; the position goes into its own fields.
            var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
            if (cut >= 0) message = message[(cut + 3)..];
            // YamlDotNet points a tab in the indentation at the mapping or scalar it was scanning (often line 1); the
            // tab itself is the first one in a line's indentation from there on.
            if (message.Contains("tab", StringComparison.OrdinalIgnoreCase) && TextPosition.IndentationTab(text, (int)Math.Min(e.Start.Index, text.Length)) is { } tab)
            {
                var (line, column) = TextPosition.Of(text, tab);
                throw new DefinitionException([new DefinitionProblem(TabIndentation, line, column)], syntax: true);
            }
            throw new DefinitionException([new DefinitionProblem(message, (int)e.Start.Line, (int)e.Start.Column)], syntax: true);
        }
        if (stream.Documents.Count == 0)
            throw new DefinitionException([new DefinitionProblem("the definition is empty", 1, 1)], syntax: true);
        if (stream.Documents.Count > 1)
            throw new DefinitionException([new DefinitionProblem("one definition per document", 1, 1)], syntax: true);
        return stream.Documents[0].RootNode;
    }

    internal const string TabIndentation = "a tab in the indentation: YAML indents with spaces only";

    internal const string LoneSurrogate = "a string holds an escaped surrogate (\\ud800 to \\udfff) that is not part of a pair";

    private static void CheckJsonSyntax(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        // Depth is LimitedParser's to judge, so that YAML and JSON are refused at the same depth with the same words.
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false, MaxDepth = int.MaxValue });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName) || !reader.ValueIsEscaped) continue;
                try
                {
                    reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    var (line, column) = TextPosition.Of(bytes, (int)reader.TokenStartIndex);
                    throw new DefinitionException([new DefinitionProblem(LoneSurrogate, line, column)], syntax: true);
                }
            }
        }
        catch (JsonException e)
        {
            var message = e.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0) message = message[..cut].TrimEnd();
            throw new DefinitionException([new DefinitionProblem(message, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1)], syntax: true);
        }
    }
}
