using System.Text;
using System.Text.Json.Nodes;

namespace Weft.Bench.Fuzz;

/// <summary>
/// Turns a valid seed request into a hostile one: none to three mutations, chosen by the given
/// <see cref="Random"/> alone, so a seed and a request index give the same request again. Structured
/// mutations (JSON nodes, YAML lines, path, query, headers, content type) come first, byte-level
/// ones (flips, truncation, invalid UTF-8) last. Bodies stay under <see cref="MaxBodyBytes"/>.
/// </summary>
internal static partial class FuzzMutator
{
    public const int MaxBodyBytes = 1536 * 1024;

    private const string Marker = "@@fuzzraw";

    /// <summary>The only host a URL in a request may name (the server is given AllowPrivateNetworks so it accepts it; port 9 refuses).</summary>
    public const string SafeUrl = "http://127.0.0.1:9";

    public static FuzzRequest Mutate(FuzzSeed seed, FuzzTargets targets, Random random)
    {
        var draft = new Draft(seed.Path(targets), seed.Body?.Invoke(targets), seed.ContentType, [.. seed.Headers]);
        if (seed.Kind == BodyKind.Multipart) draft.Bytes = Multipart(random, draft);
        // One request in ten goes as the seed is, so the state moves on (runs start, tasks complete) and the hostile runs run.
        var count = random.Next(20) switch { < 2 => 0, < 12 => 1, < 18 => 2, _ => 3 };
        if (seed.Intact && random.Next(5) > 0) count = 0;
        var ops = Enumerable.Range(0, count).Select(_ => Pick(seed.Kind, random)).OrderBy(op => op.Bytes ? 1 : 0).ToList();
        foreach (var op in ops)
        {
            if (op.Bytes) draft.Bytes ??= draft.Finish();
            if (op.Apply(draft, random)) draft.Done.Add(op.Name);
        }
        var bytes = draft.Bytes ?? draft.Finish();
        if (bytes is not null && bytes.Length > MaxBodyBytes) bytes = bytes[..MaxBodyBytes];
        if (bytes is not null && !UrlsStayLocal(bytes))
        {
            // A mutation changed a URL's host: send the seed unmutated rather than let the server call out.
            return new FuzzRequest(seed.Route, "none (a mutated URL left 127.0.0.1)", seed.Method, seed.Path(targets), seed.ContentType,
                seed.Body is null ? null : Encoding.UTF8.GetBytes(seed.Body(targets)), seed.Headers);
        }
        return new FuzzRequest(seed.Route, draft.Done.Count == 0 ? "none" : string.Join('+', draft.Done), seed.Method, draft.Path, draft.ContentType, bytes, draft.Headers);
    }

    private sealed class Draft(string path, string? text, string? contentType, List<KeyValuePair<string, string>> headers)
    {
        public string Path { get; set; } = path;

        public string? Text { get; set; } = text;

        public string? ContentType { get; set; } = contentType;

        public List<KeyValuePair<string, string>> Headers { get; } = headers;

        /// <summary>Set once a byte-level mutation (or a multipart body) has taken over from <see cref="Text"/>.</summary>
        public byte[]? Bytes { get; set; }

        /// <summary>Raw fragments that replace the quoted markers <c>"@@fuzzrawN@@"</c> in <see cref="Text"/>.</summary>
        public List<byte[]> Raw { get; } = [];

        public List<string> Done { get; } = [];

        /// <summary>A marker that <see cref="Finish"/> replaces with <paramref name="fragment"/>, quotes included.</summary>
        public string AddRaw(byte[] fragment)
        {
            Raw.Add(fragment);
            return $"{Marker}{Raw.Count - 1}@@";
        }

        public byte[]? Finish()
        {
            if (Text is null) return null;
            if (Raw.Count == 0) return Encoding.UTF8.GetBytes(Text);
            using var output = new MemoryStream();
            var rest = Text;
            while (true)
            {
                var at = rest.IndexOf(Marker, StringComparison.Ordinal);
                if (at < 0) break;
                var end = rest.IndexOf("@@", at + Marker.Length, StringComparison.Ordinal);
                var index = int.Parse(rest.AsSpan(at + Marker.Length, end - at - Marker.Length), System.Globalization.CultureInfo.InvariantCulture);
                // The marker stands as a JSON or YAML string: its quotes go with it.
                var quoted = at > 0 && rest[at - 1] == '"' && end + 2 < rest.Length && rest[end + 2] == '"';
                output.Write(Encoding.UTF8.GetBytes(rest[..(quoted ? at - 1 : at)]));
                output.Write(Raw[index]);
                rest = rest[(end + (quoted ? 3 : 2))..];
                if (output.Length > MaxBodyBytes) break;
            }
            output.Write(Encoding.UTF8.GetBytes(rest));
            return output.ToArray();
        }
    }

    private sealed record Op(string Name, bool Bytes, Func<Draft, Random, bool> Apply);

    private static Op Pick(BodyKind kind, Random random)
    {
        var ops = kind switch
        {
            BodyKind.Json => JsonOps,
            BodyKind.Yaml => YamlOps,
            BodyKind.None => RequestOps,
            _ => ByteOps,
        };
        // Most mutations go to the body; a quarter to the request around it; bodies also get byte-level damage.
        var roll = random.Next(100);
        if (kind != BodyKind.None && roll < 20) return ByteOps[random.Next(ByteOps.Length)];
        if (roll < 40) return RequestOps[random.Next(RequestOps.Length)];
        return ops[random.Next(ops.Length)];
    }

    // ---- the guard on URLs ----

    /// <summary>Every URL in the body (after <c>//</c>, backslashes ignored) names 127.0.0.1 and at most a port, so no mutation makes the server call out.</summary>
    public static bool UrlsStayLocal(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body).Replace("\\", "", StringComparison.Ordinal);
        for (var at = text.IndexOf("//", StringComparison.Ordinal); at >= 0; at = text.IndexOf("//", at + 2, StringComparison.Ordinal))
        {
            var end = at + 2;
            while (end < text.Length && "/?#\"' \t\r\n}],".IndexOf(text[end], StringComparison.Ordinal) < 0) end++;
            var authority = text[(at + 2)..end];
            if (authority.Length == 0) continue;
            if (!authority.StartsWith("127.0.0.1", StringComparison.Ordinal) || !authority[9..].All(c => c == ':' || char.IsAsciiDigit(c))) return false;
        }
        return true;
    }
}
