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
}
