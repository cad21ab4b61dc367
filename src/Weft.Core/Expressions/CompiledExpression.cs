using System.Reflection;
using System.Text.RegularExpressions;
using Jint.Parser;
using Jint.Parser.Ast;

namespace Weft.Core.Expressions;

/// <summary>A JavaScript expression or script, parsed once at deploy and run many times.</summary>
public sealed partial class CompiledExpression
{
    /// <summary>The globals a run's expressions may read; each is converted to JavaScript only when an expression names it.</summary>
    public static readonly IReadOnlyList<string> KnownGlobals = ["input", "vars", "steps", "run", "result", "subject", "item", "index"];

    private CompiledExpression(string source, Program program, bool isScript, Program? wrapper = null)
    {
        Source = source;
        Program = program;
        IsScript = isScript;
        Wrapper = wrapper;
        Bounded = isScript ? ScriptBodyBounded(program) : Bounds(program);
        // Code that can reach globals without naming them (this, eval, Function, arguments) gets every global;
        // other code, scripts included, gets those it names.
        Globals = DynamicAccess().IsMatch(source)
            ? KnownGlobals
            : KnownGlobals.Where(g => Regex.IsMatch(source, $@"\b{g}\b", RegexOptions.CultureInvariant)).ToArray();
    }

    [GeneratedRegex(@"\b(eval|this|Function|arguments)\b", RegexOptions.CultureInvariant)]
    private static partial Regex DynamicAccess();

    /// <summary>
    /// True for an expression (or a script's body) with no call, <c>new</c>, function or loop in it and at most one
    /// assignment or declaration: it can only combine the values it names, so its time and memory are bounded by its
    /// own length times those values. Such code runs without the per-statement memory watch (which costs about as
    /// much as the evaluation itself). A second assignment could feed a value back into itself (<c>s = s + s</c>
    /// line after line doubles it each time), which only the watch stops.
    /// </summary>
    public bool Bounded { get; }

    private static readonly HashSet<SyntaxNodes> UnboundedKinds =
    [
        SyntaxNodes.CallExpression, SyntaxNodes.NewExpression, SyntaxNodes.FunctionExpression, SyntaxNodes.FunctionDeclaration,
        SyntaxNodes.ForStatement, SyntaxNodes.ForInStatement, SyntaxNodes.WhileStatement, SyntaxNodes.DoWhileStatement,
        SyntaxNodes.WithStatement, SyntaxNodes.LabeledStatement, SyntaxNodes.DebuggerStatement,
    ];

    /// <summary>
    /// A script is wrapped as <c>(function(){ body })()</c>: that one function and call are the wrapper's, not the
    /// script's, so the script is bounded when its body is, by the same rule as an expression.
    /// </summary>
    private static bool ScriptBodyBounded(Program program) =>
        program.Body.Count == 1
        && program.Body.First() is ExpressionStatement { Expression: CallExpression { Callee: FunctionExpression wrapper } call }
        && call.Arguments.Count == 0
        && Bounds(wrapper.Body);

    private static readonly HashSet<SyntaxNodes> GrowthKinds = [SyntaxNodes.AssignmentExpression, SyntaxNodes.VariableDeclarator];

    private static bool Bounds(SyntaxNode code) => Count(code, UnboundedKinds) == 0 && Count(code, GrowthKinds) <= 1;

    /// <summary>How many nodes under <paramref name="node"/> are of one of <paramref name="kinds"/> (walks the parser's public fields).</summary>
    private static int Count(SyntaxNode node, HashSet<SyntaxNodes> kinds)
    {
        var count = kinds.Contains(node.Type) ? 1 : 0;
        foreach (var field in node.GetType().GetFields(BindingFlags.Public | BindingFlags.Instance))
        {
            switch (field.GetValue(node))
            {
                case SyntaxNode child:
                    count += Count(child, kinds);
                    break;
                case System.Collections.IEnumerable children when field.FieldType != typeof(string):
                    foreach (var item in children)
                        if (item is SyntaxNode c) count += Count(c, kinds);
                    break;
            }
        }
        return count;
    }

    /// <summary>The known globals this expression names.</summary>
    public IReadOnlyList<string> Globals { get; }

    public string Source { get; }

    internal Program Program { get; }

    public bool IsScript { get; }

    /// <summary>Parses an expression; throws <see cref="ExpressionSyntaxException"/> with its line and column.</summary>
    public static CompiledExpression Expression(string source) =>
        new(source, Parse("(" + source + "\n)", source), isScript: false);

    /// <summary>Parses a script body; a top-level <c>return</c> gives its result.</summary>
    public static CompiledExpression Script(string source)
    {
        var program = Parse("(function(){" + source + "\n})()", source);
        return new(source, program, isScript: true, DynamicAccess().IsMatch(source) ? null : Parse("(function(){" + source + "\n})", source));
    }

    /// <summary>
    /// For a script that cannot reach its own function object (no <c>this</c>, <c>eval</c>, <c>Function</c> or
    /// <c>arguments</c>): the wrapper function alone, <c>(function(){ body })</c>, which a sandbox makes once and then
    /// calls for each run (making the function object was a fifth of a short script's allocations). Null otherwise.
    /// </summary>
    internal Program? Wrapper { get; }

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
