using System.Text.RegularExpressions;
using Acornima;
using Acornima.Ast;
using Jint;

namespace Weft.Core.Expressions;

/// <summary>
/// A JavaScript expression or script (modern ECMAScript, through Jint 4), parsed once at deploy and run many times.
/// Before the parser sees it, the source is held to a length and a nesting depth, and the parsed tree to a depth,
/// so that neither the parser nor the interpreter (both recursive) can run out of stack on it.
/// </summary>
public sealed partial class CompiledExpression
{
    /// <summary>The globals a run's expressions may read; each is converted to JavaScript only when an expression names it.</summary>
    public static readonly IReadOnlyList<string> KnownGlobals = ["input", "vars", "steps", "run", "result", "subject", "item", "index"];

    /// <summary>The longest expression (<c>${ }</c>) source, in characters.</summary>
    public const int MaxExpressionLength = 16 * 1024;

    /// <summary>The longest script source, in characters.</summary>
    public const int MaxScriptLength = 64 * 1024;

    /// <summary>How deep brackets (<c>( [ {</c>) and template literals may nest in a source.</summary>
    public const int MaxNesting = 64;


    private CompiledExpression(string source, Prepared<Script> program, bool isScript, Prepared<Script>? wrapper = null)
    {
        Source = source;
        Program = program;
        IsScript = isScript;
        Wrapper = wrapper;
        // Code that can reach globals without naming them (this, eval, Function, arguments, globalThis) gets every
        // global; other code, scripts included, gets those it names.
        Globals = DynamicAccess().IsMatch(source)
            ? KnownGlobals
            : KnownGlobals.Where(g => Regex.IsMatch(source, $@"\b{g}\b", RegexOptions.CultureInvariant)).ToArray();
    }

    [GeneratedRegex(@"\b(eval|this|Function|arguments|globalThis)\b", RegexOptions.CultureInvariant)]
    private static partial Regex DynamicAccess();

    /// <summary>The known globals this expression names.</summary>
    public IReadOnlyList<string> Globals { get; }

    public string Source { get; }

    internal Prepared<Script> Program { get; }

    public bool IsScript { get; }

    /// <summary>How many characters of line 1 the wrapper puts before the user's source.</summary>
    internal int Prefix => IsScript ? ScriptPrefix.Length : Wrapper is null ? 1 : ExpressionWrapperPrefix.Length;

    private const string ScriptPrefix = "(function(){";

    private const string ExpressionWrapperPrefix = "(function(){return (";

    /// <summary>Parses an expression; throws <see cref="ExpressionSyntaxException"/> with its line and column.</summary>
    public static CompiledExpression Expression(string source)
    {
        CheckSource(source, MaxExpressionLength, "expression");
        var program = Parse("(" + source + "\n)", source, 1);
        return new(source, program, isScript: false,
            DynamicAccess().IsMatch(source) ? null : Parse(ExpressionWrapperPrefix + source + "\n);})", source, ExpressionWrapperPrefix.Length));
    }

    /// <summary>Parses a script body; a top-level <c>return</c> gives its result.</summary>
    public static CompiledExpression Script(string source)
    {
        CheckSource(source, MaxScriptLength, "script");
        var program = Parse(ScriptPrefix + source + "\n})()", source, ScriptPrefix.Length);
        return new(source, program, isScript: true, DynamicAccess().IsMatch(source) ? null : Parse(ScriptPrefix + source + "\n})", source, ScriptPrefix.Length));
    }

    /// <summary>
    /// For code that cannot reach its own function object (no <c>this</c>, <c>eval</c>, <c>Function</c>,
    /// <c>arguments</c> or <c>globalThis</c>): a function around it, <c>(function(){ body })</c> for a script and
    /// <c>(function(){return (expression);})</c> for an expression, which a sandbox makes once and then calls for each
    /// evaluation: on Jint 4 a call costs a fraction of evaluating a script (a fresh script record and global
    /// declaration step each time), which was most of a small expression's time. Null otherwise.
    /// </summary>
    internal Prepared<Script>? Wrapper { get; }

    private static readonly ScriptPreparationOptions Preparation = new()
    {
        ParsingOptions = new ScriptParsingOptions { Tolerant = false },
    };

    /// <param name="prefix">How many characters of line 1 the wrapper put before the user's source.</param>
    private static Prepared<Script> Parse(string wrapped, string original, int prefix)
    {
        try
        {
            return Jint.Engine.PrepareScript(wrapped, strict: false, options: Preparation);
        }
        catch (ScriptPreparationException e) when (e.InnerException is ParseErrorException parse)
        {
            throw SyntaxError(parse, original, prefix);
        }
        catch (ParseErrorException e)
        {
            throw SyntaxError(e, original, prefix);
        }
        catch (ScriptPreparationException e)
        {
            // Jint's own bound on the tree's depth (256), for trees that the bracket count does not see (a long chain of
            // operators, 5,000 '+' in a row, is 5,000 deep).
            throw new ExpressionSyntaxException($"the code nests deeper than Jint allows (a chain of operators or statements too long): {(e.InnerException ?? e).Message}", 1, 1);
        }
        catch (InsufficientExecutionStackException)
        {
            throw new ExpressionSyntaxException($"the code nests too deeply (at most {MaxNesting} levels)", 1, 1);
        }
    }

    /// <summary>The parser's error at its place in the user's source (line 1 carries the wrapper's opening text; the wrapper's closing line is the source's end).</summary>
    private static ExpressionSyntaxException SyntaxError(ParseErrorException e, string original, int prefix)
    {
        var lines = original.Split('\n');
        var line = e.LineNumber;
        // Acornima's column is 0-based.
        var column = (line == 1 ? e.Column - prefix : e.Column) + 1;
        if (line > lines.Length)
        {
            line = lines.Length;
            column = lines[^1].Length + 1;
        }
        var message = e.Error?.Description ?? e.Message;
        return new ExpressionSyntaxException(message, Math.Max(1, line), Math.Max(1, column));
    }

    /// <summary>Refuses a source that is too long, or whose brackets nest too deeply, before any parser reads it.</summary>
    private static void CheckSource(string source, int maxLength, string what)
    {
        if (source.Length > maxLength)
            throw new ExpressionSyntaxException($"the {what} is {source.Length} characters long; at most {maxLength} are allowed", 1, 1);
        // What is open: brackets, template literals ('`') and their substitutions ('$'); a '}' that closes a
        // substitution goes back into its template literal.
        var open = new Stack<char>();
        var line = 1;
        var column = 0;
        var quote = '\0';
        var comment = '\0';
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            column++;
            if (c == '\n') { line++; column = 0; }
            if (comment == '/') { if (c == '\n') comment = '\0'; continue; }
            if (comment == '*') { if (c == '*' && i + 1 < source.Length && source[i + 1] == '/') { comment = '\0'; i++; column++; } continue; }
            if (quote is '\'' or '"')
            {
                if (c == '\\') { i++; column++; }
                else if (c == quote || c == '\n') quote = '\0';
                continue;
            }
            if (quote == '`')
            {
                if (c == '\\') { i++; column++; }
                else if (c == '`') { quote = '\0'; open.TryPop(out _); }
                else if (c == '$' && i + 1 < source.Length && source[i + 1] == '{') { quote = '\0'; i++; column++; Open(open, '$', line, column); }
                continue;
            }
            switch (c)
            {
                case '\'' or '"': quote = c; break;
                case '`':
                    quote = '`';
                    Open(open, '`', line, column);
                    break;
                case '/' when i + 1 < source.Length && source[i + 1] is '/' or '*':
                    comment = source[++i];
                    column++;
                    break;
                case '(' or '[' or '{':
                    Open(open, c, line, column);
                    break;
                case ')' or ']' or '}':
                    if (open.TryPop(out var closed) && closed == '$') quote = '`';
                    break;
            }
        }
    }

    private static void Open(Stack<char> open, char c, int line, int column)
    {
        open.Push(c);
        if (open.Count > MaxNesting) throw new ExpressionSyntaxException($"the code nests deeper than {MaxNesting} levels of brackets", line, column);
    }
}
