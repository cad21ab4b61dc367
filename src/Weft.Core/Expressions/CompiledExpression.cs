using System.Text.RegularExpressions;
using Jint.Parser;
using Jint.Parser.Ast;

namespace Weft.Core.Expressions;

/// <summary>A JavaScript expression or script, parsed once at deploy and run many times.</summary>
public sealed partial class CompiledExpression
{
    /// <summary>The globals a run's expressions may read; each is converted to JavaScript only when an expression names it.</summary>
    public static readonly IReadOnlyList<string> KnownGlobals = ["input", "vars", "steps", "run", "result", "subject", "item", "index"];

    private CompiledExpression(string source, Program program, bool isScript)
    {
        Source = source;
        Program = program;
        IsScript = isScript;
        // Scripts, and code that can reach globals without naming them, get every global.
        Globals = isScript || DynamicAccess().IsMatch(source)
            ? KnownGlobals
            : KnownGlobals.Where(g => Regex.IsMatch(source, $@"\b{g}\b", RegexOptions.CultureInvariant)).ToArray();
    }

    [GeneratedRegex(@"\b(eval|this|Function|arguments)\b", RegexOptions.CultureInvariant)]
    private static partial Regex DynamicAccess();

    /// <summary>The known globals this expression names.</summary>
    public IReadOnlyList<string> Globals { get; }

    public string Source { get; }

    internal Program Program { get; }

    public bool IsScript { get; }

    /// <summary>Parses an expression; throws <see cref="ExpressionSyntaxException"/> with its line and column.</summary>
    public static CompiledExpression Expression(string source) =>
        new(source, Parse("(" + source + "\n)", source), isScript: false);

    /// <summary>Parses a script body; a top-level <c>return</c> gives its result.</summary>
    public static CompiledExpression Script(string source) =>
        new(source, Parse("(function(){" + source + "\n})()", source), isScript: true);

    private static Program Parse(string wrapped, string original)
    {
        try
        {
            return new JavaScriptParser().Parse(wrapped);
        }
        catch (ParserException e)
        {
            // Line 1 carries the wrapper's opening text; shift columns back so they point into the user's source.
            var column = e.LineNumber == 1 ? Math.Max(1, e.Column - (wrapped.Length - original.Length - 1) + 1) : e.Column;
            throw new ExpressionSyntaxException(e.Description ?? e.Message, e.LineNumber, column);
        }
    }
}
