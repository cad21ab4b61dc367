using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Weft.Core.Dsl;

/// <summary>
/// Passes YamlDotNet's events on to the node loader while checking the definition's limits, so that nothing recursive
/// (YamlDotNet's node model, <see cref="YamlValues.ToJson"/>, the reader) meets a tree deeper than
/// <see cref="DefinitionParser.MaxDepth"/> or aliases expanding past <see cref="DefinitionParser.MaxAliasNodes"/> nodes.
/// YamlDotNet's parser itself keeps its state on a heap stack, so reading events one by one does not recurse.
/// </summary>
internal sealed class LimitedParser(IParser inner, string text) : IParser
{
    private readonly Stack<Frame> _open = new();
    private readonly Dictionary<string, (long Nodes, int Height)> _anchors = [];
    private readonly HashSet<string> _openAnchors = [];
    private long _nodes;
    private long _aliasNodes;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        bool more;
        try
        {
            more = inner.MoveNext();
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way (not with a YamlException) on U+2028 and U+2029 in a flow collection.
            throw Refused(BadCharacter(), syntax: true);
        }
        catch (ArgumentException)
        {
            // ... and this way on an escaped surrogate that is not part of a pair ("\udfff\ud800").
            var m = System.Text.RegularExpressions.Regex.Match(text, @"\\u[dD][89a-fA-F][0-9a-fA-F]{2}", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
            var (line, column) = m.Success ? TextPosition.Of(text, m.Index) : (1, 1);
            throw Refused(new DefinitionProblem(DefinitionParser.LoneSurrogate, line, column), syntax: true);
        }
        if (more) Check(inner.Current!);
        return more;
    }

    private void Check(ParsingEvent e)
    {
        switch (e)
        {
            case Scalar s:
                if (s.Style == ScalarStyle.Plain && YamlValues.IsOutOfRange(s.Value))
                    throw Refused(new DefinitionProblem($"the number {Shorten(s.Value)} is out of range: a number must fit a 64-bit floating point value (at most about 1.8e308)", Line(s), Column(s)));
                Leaf(s.Anchor, 1, 0);
                break;
            case NodeEvent { Start: var start } n and (SequenceStart or MappingStart):
                _nodes++;
                if (_open.Count + 1 > DefinitionParser.MaxDepth)
                    throw Refused(new DefinitionProblem($"the definition nests lists and mappings deeper than {DefinitionParser.MaxDepth} levels", (int)start.Line, (int)start.Column));
                if (!n.Anchor.IsEmpty) _openAnchors.Add(n.Anchor.Value);
                _open.Push(new Frame(n.Anchor, _nodes - 1));
                break;
            case SequenceEnd or MappingEnd:
                var frame = _open.Pop();
                var height = frame.ChildHeight + 1;
                if (!frame.Anchor.IsEmpty)
                {
                    _openAnchors.Remove(frame.Anchor.Value);
                    _anchors[frame.Anchor.Value] = (_nodes - frame.NodesBefore, height);
                }
                if (_open.TryPeek(out var parent)) parent.ChildHeight = Math.Max(parent.ChildHeight, height);
                break;
            case AnchorAlias a:
                Alias(a);
                break;
        }
    }

    private void Alias(AnchorAlias a)
    {
        if (_openAnchors.Contains(a.Value.Value))
            throw Refused(new DefinitionProblem($"the alias *{a.Value.Value} is inside the node it names, which would repeat forever", Line(a), Column(a)));
        // An unknown anchor is left to the loader, which reports it.
        if (!_anchors.TryGetValue(a.Value.Value, out var target)) return;
        _aliasNodes += target.Nodes;
        if (_aliasNodes > DefinitionParser.MaxAliasNodes)
            throw Refused(new DefinitionProblem($"the aliases (*name) expand to more than {DefinitionParser.MaxAliasNodes} values; repeat less, or write the values out", Line(a), Column(a)));
        if (_open.Count + target.Height > DefinitionParser.MaxDepth)
            throw Refused(new DefinitionProblem($"the alias *{a.Value.Value} nests lists and mappings deeper than {DefinitionParser.MaxDepth} levels", Line(a), Column(a)));
        Leaf(AnchorName.Empty, target.Nodes, target.Height);
    }

    private void Leaf(AnchorName anchor, long nodes, int height)
    {
        _nodes += nodes;
        if (!anchor.IsEmpty) _anchors[anchor.Value] = (nodes, height);
        if (_open.TryPeek(out var parent)) parent.ChildHeight = Math.Max(parent.ChildHeight, height);
    }

    private DefinitionProblem BadCharacter()
    {
        var at = text.IndexOfAny(['\u2028', '\u2029']);
        if (at < 0)
        {
            var mark = inner.Current?.End ?? Mark.Empty;
            return new DefinitionProblem("the YAML cannot be read here", (int)mark.Line, (int)mark.Column);
        }
        var (line, column) = TextPosition.Of(text, at);
        return new DefinitionProblem($"the character U+{(int)text[at]:X4} cannot be read here: quote the value that holds it", line, column);
    }

    private static DefinitionException Refused(DefinitionProblem problem, bool syntax = false) => new([problem], syntax);

    private static int Line(ParsingEvent e) => (int)e.Start.Line;

    private static int Column(ParsingEvent e) => (int)e.Start.Column;

    private static string Shorten(string value) => value.Length <= 24 ? value : value[..20] + "...";

    private sealed class Frame(AnchorName anchor, long nodesBefore)
    {
        public AnchorName Anchor { get; } = anchor;

        public long NodesBefore { get; } = nodesBefore;

        public int ChildHeight { get; set; }
    }
}
