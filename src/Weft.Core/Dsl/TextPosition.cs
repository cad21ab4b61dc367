namespace Weft.Core.Dsl;

/// <summary>The 1-based line and column of an offset in a text (characters) or a UTF-8 body (bytes), as problems report them.</summary>
public static class TextPosition
{
    public static (int Line, int Column) Of(ReadOnlySpan<char> text, int offset)
    {
        var before = text[..offset];
        return (before.Count('\n') + 1, before.Length - before.LastIndexOf('\n'));
    }

    public static (int Line, int Column) Of(ReadOnlySpan<byte> utf8, int offset)
    {
        var before = utf8[..offset];
        return (before.Count((byte)'\n') + 1, before.Length - before.LastIndexOf((byte)'\n'));
    }

    /// <summary>The offset of the first tab at or after <paramref name="from"/> that stands in a line's indentation (only spaces and tabs before it on its line), or null.</summary>
    public static int? IndentationTab(ReadOnlySpan<char> text, int from)
    {
        for (var i = text[from..].IndexOf('\t'); i >= 0; i = text[from..].IndexOf('\t'))
        {
            var at = from + i;
            var lineStart = text[..at].LastIndexOf('\n') + 1;
            if (text[lineStart..at].IndexOfAnyExcept(' ', '\t') < 0) return at;
            from = at + 1;
        }
        return null;
    }
}
