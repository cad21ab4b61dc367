using System.Text;

namespace Weft.Bench.Fuzz;

/// <summary>How a seed's body is written: what the mutator may do to it besides flipping bytes.</summary>
internal enum BodyKind
{
    None,
    Json,
    Yaml,
    Raw,
    Multipart,
}

/// <summary>One request as sent: <see cref="Route"/> is the route's template (the row it is counted under), <see cref="Mutations"/> what was done to the seed.</summary>
internal sealed record FuzzRequest(string Route, string Mutations, HttpMethod Method, string Path, string? ContentType, byte[]? Body, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Method, Path);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            message.Content.Headers.ContentType = null;
            if (ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        foreach (var (name, value) in Headers) message.Headers.TryAddWithoutValidation(name, value);
        return message;
    }

    /// <summary>The request as text for a report: the request line, headers and the body's first <paramref name="bodyChars"/> characters (bytes that are not UTF-8 shown as U+FFFD).</summary>
    public string Describe(int bodyChars = 2000)
    {
        var text = new StringBuilder();
        text.Append(Method).Append(' ').Append(Path.Length > 500 ? Path[..500] + $"...({Path.Length} chars)" : Path).Append('\n');
        if (ContentType is not null) text.Append("Content-Type: ").Append(ContentType.Length > 200 ? ContentType[..200] + "..." : ContentType).Append('\n');
        foreach (var (name, value) in Headers) text.Append(name).Append(": ").Append(value.Length > 200 ? value[..200] + "..." : value).Append('\n');
        if (Body is not null)
        {
            var body = Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, bodyChars * 4));
            text.Append($"[{Body.Length} bytes] ").Append(body.Length > bodyChars ? body[..bodyChars] + "..." : body);
        }
        return text.ToString();
    }
}

/// <summary>A valid request of one write route, before mutation. <see cref="Path"/> and <see cref="Body"/> read the ids the set-up made.</summary>
internal sealed record FuzzSeed(string Route, HttpMethod Method, Func<FuzzTargets, string> Path, BodyKind Kind, string? ContentType, Func<FuzzTargets, string>? Body)
{
    /// <summary>Headers every request of this seed carries (before mutation).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Sent as it is four times in five: a seed whose point is its valid body (a hostile definition, a run of one).</summary>
    public bool Intact { get; init; }
}
