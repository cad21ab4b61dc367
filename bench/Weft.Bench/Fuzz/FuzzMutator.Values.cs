using System.Text;
using System.Text.Json.Nodes;

namespace Weft.Bench.Fuzz;

/// <summary>Hostile values: JSON numbers and nesting past every limit, strings JSON cannot hold, expressions that attack the sandbox.</summary>
internal static partial class FuzzMutator
{
    /// <summary>Raw JSON values (not strings): numbers past every range, nesting past every depth, literals JSON has not got.</summary>
    private static byte[] HostileJsonValue(Random r) => Encoding.UTF8.GetBytes(r.Next(16) switch
    {
        0 => "1e99999",
        1 => "-1e99999",
        2 => "1" + new string('7', 5000),
        3 => "0." + new string('3', 5000) + "e-99999",
        4 => "9223372036854775808",
        5 => "-0",
        6 => "NaN",
        7 => "Infinity",
        8 => "0x10",
        9 => "01",
        10 => Nest("[", "]", Depth(r), "1"),
        11 => Nest("{\"a\":", "}", Depth(r), "1"),
        12 => new string('[', Depth(r)),
        13 => Nest("[{\"a\":", "}]", Depth(r) / 2, "null"),
        14 => "1.7976931348623157e309",
        _ => "18446744073709551616",
    });

    private static int Depth(Random r) => r.Next(5) switch { 0 => 64, 1 => 65, 2 => 1000, 3 => 10_000, _ => 100_000 };

    private static string Nest(string open, string close, int depth, string inner)
    {
        var text = new StringBuilder(depth * (open.Length + close.Length) + inner.Length);
        for (var i = 0; i < depth; i++) text.Append(open);
        text.Append(inner);
        for (var i = 0; i < depth; i++) text.Append(close);
        return text.ToString();
    }

    /// <summary>Raw JSON strings, quotes included: lone surrogates, control characters, line separators, invalid UTF-8, long ones.</summary>
    private static byte[] HostileJsonString(Random r) => r.Next(12) switch
    {
        0 => Encoding.UTF8.GetBytes("\"\\ud800\""),
        1 => Encoding.UTF8.GetBytes("\"a\\udfff\\ud800b\""),
        2 => Encoding.UTF8.GetBytes("\"\\u0000nul\""),
        3 => [(byte)'"', 1, 2, 0x1F, (byte)'"'],
        4 => Encoding.UTF8.GetBytes("\"line\u2028sep\u2029\""),
        5 => [(byte)'"', .. InvalidUtf8[r.Next(InvalidUtf8.Length)], (byte)'"'],
        6 => Encoding.UTF8.GetBytes("\"" + new string('a', 100_000 + r.Next(1_200_000)) + "\""),
        7 => Encoding.UTF8.GetBytes("\"" + string.Concat(Enumerable.Repeat("€😀", 20_000 + r.Next(100_000))) + "\""),
        8 => Encoding.UTF8.GetBytes("\"" + new string('\\', 2) + "x\\q\""),
        9 => Encoding.UTF8.GetBytes("\"unterminated"),
        10 => Encoding.UTF8.GetBytes("\"\\ud83d\\ude00\\ud83d\""),
        _ => Encoding.UTF8.GetBytes("\"" + HostileExpression(r).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""),
    };

    /// <summary>Expressions that nest past any parser's stack, loop, allocate without end or backtrack without end.</summary>
    public static string HostileExpression(Random r) => r.Next(14) switch
    {
        0 => "${ " + Nest("(", ")", ExpressionDepth(r), "1") + " }",
        1 => "${ " + Nest("[", "]", ExpressionDepth(r), "1") + " }",
        2 => "${ " + string.Concat(Enumerable.Repeat("-", ExpressionDepth(r))) + "1 }",
        3 => "${ " + string.Join("+", Enumerable.Repeat("1", ExpressionDepth(r))) + " }",
        4 => "${ (function(){ while (true) {} })() }",
        5 => "${ 'x'.repeat(1 << 29) }",
        6 => "${ new Array(100000000).fill(0).length }",
        7 => "${ /^(a+)+$/.test('a'.repeat(40) + '!') }",
        8 => "${ (function f(n){ return f(n + 1) + 1; })(0) }",
        9 => "${ JSON.parse('['.repeat(100000) + ']'.repeat(100000)) }",
        10 => "${ this.constructor.constructor('return process')() }",
        11 => "${ ${ 1 } }",
        12 => "${ (() => { let a = []; for (;;) a.push(a.slice()); })() }",
        _ => "${ " + Nest("{a:", "}", ExpressionDepth(r), "1") + " }",
    };

    private static int ExpressionDepth(Random r) => r.Next(4) switch { 0 => 100, 1 => 1000, 2 => 5000, _ => 20_000 };
}
