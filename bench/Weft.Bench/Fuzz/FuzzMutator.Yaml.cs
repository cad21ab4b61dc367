using System.Text;
using System.Text.Json.Nodes;

namespace Weft.Bench.Fuzz;

/// <summary>The mutations of YAML bodies: lines, indentation, nesting, aliases, tags, documents.</summary>
internal static partial class FuzzMutator
{
    private static readonly Op[] YamlOps =
    [
        new("yaml-delete-line", false, (d, r) => WithLines(d, r, (lines, i) => lines.RemoveAt(i))),
        new("yaml-duplicate-line", false, (d, r) => WithLines(d, r, (lines, i) => lines.Insert(i, lines[i]))),
        new("yaml-swap-lines", false, (d, r) => WithLines(d, r, (lines, i) => (lines[i], lines[^1]) = (lines[^1], lines[i]))),
        new("yaml-indent", false, (d, r) => WithLines(d, r, (lines, i) => lines[i] = r.Next(3) switch { 0 => " " + lines[i], 1 => lines[i].TrimStart(), _ => "\t" + lines[i].TrimStart() })),
        new("yaml-hostile-value", false, (d, r) => WithValue(d, r, () => HostileYamlValue(r))),
        new("yaml-hostile-expression", false, (d, r) => WithValue(d, r, () => "\"" + HostileExpression(r).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"")),
        new("yaml-alias-bomb", false, (d, r) => WithValue(d, r, () => AliasBomb(6 + r.Next(5)))),
        new("yaml-block-nesting", false, (d, r) => WithValue(d, r, () => BlockNesting(200 + r.Next(700)))),
        new("yaml-document", false, (d, r) =>
        {
            d.Text = r.Next(5) switch
            {
                0 => "%YAML 1.1\n---\n" + d.Text,
                1 => d.Text + "\n---\nname: second\nsteps: []\n",
                2 => "\uFEFF" + d.Text,
                3 => "--- !!python/object:os.system\n" + d.Text,
                _ => d.Text + "\n...\n%TAG ! tag:evil:\n--- !x\n",
            };
            return true;
        }),
    ];

    private static bool WithLines(Draft d, Random r, Action<List<string>, int> change)
    {
        if (d.Text is null) return false;
        var lines = d.Text.Split('\n').ToList();
        if (lines.Count < 2) return false;
        change(lines, r.Next(lines.Count));
        d.Text = string.Join('\n', lines);
        return true;
    }

    /// <summary>Replaces the value of a random <c>key: value</c> line of a YAML body.</summary>
    private static bool WithValue(Draft d, Random r, Func<string> value)
    {
        if (d.Text is null) return false;
        var lines = d.Text.Split('\n');
        var candidates = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(": ", StringComparison.Ordinal) && !lines[i].TrimStart().StartsWith('#')).ToList();
        if (candidates.Count == 0) return false;
        var at = candidates[r.Next(candidates.Count)];
        var colon = lines[at].IndexOf(": ", StringComparison.Ordinal);
        lines[at] = lines[at][..(colon + 2)] + value();
        d.Text = string.Join('\n', lines);
        return true;
    }

    private static string HostileYamlValue(Random r) => r.Next(12) switch
    {
        0 => Nest("[", "]", Depth(r), "1"),
        1 => Nest("{a: ", "}", Depth(r), "1"),
        2 => "*nowhere",
        3 => "&a [*a]",
        4 => "!!binary " + new string('A', 10_000) + "!",
        5 => "!!python/object/apply:os.system [\"true\"]",
        6 => "1e99999",
        7 => "1" + new string('9', 5000),
        8 => "\"\\ud800\"",
        9 => "\"\\x00\\u2028\"",
        10 => "'" + new string('y', 100_000 + r.Next(1_000_000)) + "'",
        _ => "<<: *merge",
    };

    /// <summary>A flow-style billion laughs: each level an anchored list of nine aliases of the level before.</summary>
    private static string AliasBomb(int levels)
    {
        var text = new StringBuilder("[&l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]");
        for (var i = 1; i < levels; i++)
            text.Append($", &l{i} [").Append(string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 9))).Append(']');
        return text.Append(']').ToString();
    }

    /// <summary>A mapping nested <paramref name="depth"/> deep in block style, one key a line, each two more spaces in.</summary>
    private static string BlockNesting(int depth)
    {
        var text = new StringBuilder();
        for (var i = 1; i <= depth; i++) text.Append('\n').Append(' ', 8 + 2 * i).Append("a:");
        return text.Append(" 1").ToString();
    }
}
