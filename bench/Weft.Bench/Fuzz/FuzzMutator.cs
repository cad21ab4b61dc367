using System.Text;
using System.Text.Json.Nodes;

namespace Weft.Bench.Fuzz;

/// <summary>
/// Turns a valid seed request into a hostile one: none to three mutations, chosen by the given
/// <see cref="Random"/> alone, so a seed and a request index give the same request again. Structured
/// mutations (JSON nodes, YAML lines, path, query, headers, content type) come first, byte-level
/// ones (flips, truncation, invalid UTF-8) last. Bodies stay under <see cref="MaxBodyBytes"/>.
/// </summary>
internal static class FuzzMutator
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

    // ---- the request around the body ----

    private static readonly string?[] ContentTypes =
    [
        null, "text/plain", "application/xml", "application/json; charset=utf-16", "application/json; charset=bogus", "application/yaml",
        "multipart/form-data", "multipart/form-data; boundary=", "application/x-www-form-urlencoded", "*/*", ";;;", "application/json; charset=utf-8; charset=latin1",
        "application/" + new string('j', 300), "text/yaml", "application/octet-stream", "image/png", "application/json;", "APPLICATION/JSON",
    ];

    private static readonly string[] Segments =
    [
        "", "%00", "..", "%2e%2e", "%2F", "%FF%FE", "%F0%9F%98%80", "-1", "0", "99999999999999999999", "null", "%20", "a%0Ab", "%25", "${1}",
        "*", "~", "%C0%AF", "%ED%A0%80", "01a2ffff-ffff-7fff-bfff-ffffffffffff",
    ];

    private static readonly string[] Queries =
    [
        "wait=99999999999999999999", "wait=-1", "wait=1e99s", "wait=NaN", "wait=%00", "limit=-1", "limit=0", "limit=99999999999999999999", "limit=abc",
        "cursor=%FF%FE", "cursor=" + new string('A', 4000), "status=bogus", "name=%00", "name=" + new string('n', 300), "name=a%2Fb", "a=%ZZ", "%00=1",
        "definition=%2e%2e", "q=%E2%80%A8", "version=-1", "assignee=%00",
        string.Join('&', Enumerable.Repeat("tag=a:b", 500)), string.Join('&', Enumerable.Range(0, 300).Select(i => $"k{i}=v")),
    ];

    private static readonly Op[] RequestOps =
    [
        new("content-type", false, (d, r) =>
        {
            d.ContentType = ContentTypes[r.Next(ContentTypes.Length)];
            d.Text ??= d.Bytes is null ? "" : null;
            return true;
        }),
        new("path-segment", false, (d, r) =>
        {
            var parts = d.Path.Split('?')[0].Split('/');
            // Segments after "/api/v1/namespaces" or "/api/v1/...": change one (never the literal route words alone is fine too).
            var i = 3 + r.Next(Math.Max(1, parts.Length - 3));
            if (i >= parts.Length) return false;
            parts[i] = r.Next(4) == 0 ? new string('x', 1000 + r.Next(8000)) : Segments[r.Next(Segments.Length)];
            var query = d.Path.Contains('?', StringComparison.Ordinal) ? d.Path[d.Path.IndexOf('?', StringComparison.Ordinal)..] : "";
            d.Path = string.Join('/', parts) + query;
            return true;
        }),
        new("query", false, (d, r) =>
        {
            d.Path += (d.Path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + Queries[r.Next(Queries.Length)];
            return true;
        }),
        new("header", false, (d, r) =>
        {
            var value = r.Next(4) switch
            {
                0 => new string('k', 201),
                1 => new string('k', 6000),
                2 => "",
                _ => "%00\"';--" + r.Next(),
            };
            d.Headers.Add(new(r.Next(3) == 0 ? "X-OnBehalfOf-Id" : "Idempotency-Key", value));
            return true;
        }),
    ];

    // ---- bytes ----

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xC3, 0x28], [0xFF], [0xFE, 0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xF0, 0x9F, 0x98],
    ];

    private static readonly Op[] ByteOps =
    [
        new("byte-flip", true, (d, r) =>
        {
            if (d.Bytes is not { Length: > 0 } b) return false;
            for (var n = 1 + r.Next(8); n > 0; n--) b[r.Next(b.Length)] ^= (byte)(1 + r.Next(255));
            return true;
        }),
        new("truncate", true, (d, r) =>
        {
            if (d.Bytes is not { Length: > 0 } b) return false;
            d.Bytes = b[..r.Next(b.Length)];
            return true;
        }),
        new("invalid-utf8", true, (d, r) =>
        {
            if (d.Bytes is not { } b) return false;
            var at = r.Next(b.Length + 1);
            d.Bytes = [.. b[..at], .. InvalidUtf8[r.Next(InvalidUtf8.Length)], .. b[at..]];
            return true;
        }),
        new("bom-and-nul", true, (d, r) =>
        {
            if (d.Bytes is not { } b) return false;
            d.Bytes = r.Next(3) switch
            {
                0 => [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. b],
                1 => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(b))],
                _ => [.. b, 0, 0, 0],
            };
            return true;
        }),
        new("empty", true, (d, _) =>
        {
            d.Bytes = [];
            return true;
        }),
        new("repeat", true, (d, r) =>
        {
            if (d.Bytes is not { Length: > 0 } b) return false;
            var times = Math.Min(1 + r.Next(50), MaxBodyBytes / b.Length);
            d.Bytes = [.. Enumerable.Repeat(b, Math.Max(1, times)).SelectMany(x => x)];
            return true;
        }),
    ];

    // ---- hostile values ----

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

    // ---- JSON bodies ----

    private static readonly Op[] JsonOps =
    [
        new("json-delete-key", false, (d, r) => WithJson(d, r, (_, node) =>
        {
            if (node.Parent is not JsonObject parent) return false;
            parent.Remove(node.GetPropertyName());
            return true;
        })),
        new("json-duplicate-key", false, (d, r) => WithJson(d, r, (draft, node) =>
        {
            if (node.Parent is not JsonObject parent) return false;
            var name = node.GetPropertyName();
            parent[draft.AddRaw(Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(name)))] = r.Next(2) == 0 ? node.DeepClone() : OtherType(node, r);
            return true;
        })),
        new("json-type-change", false, (d, r) => WithJson(d, r, (_, node) => Replace(node, OtherType(node, r)))),
        new("json-hostile-value", false, (d, r) => WithJson(d, r, (draft, node) => Replace(node, draft.AddRaw(HostileJsonValue(r))))),
        new("json-hostile-string", false, (d, r) => WithJson(d, r, (draft, node) => Replace(node, draft.AddRaw(HostileJsonString(r))))),
        new("json-hostile-expression", false, (d, r) => WithJson(d, r, (_, node) => Replace(node, HostileExpression(r)))),
        new("json-root", false, (d, r) =>
        {
            d.Text = r.Next(6) switch { 0 => "[" + d.Text + "]", 1 => "null", 2 => "\"" + d.Text + "\"", 3 => "42", 4 => d.Text + d.Text, _ => "{" };
            return true;
        }),
    ];

    private static bool WithJson(Draft d, Random r, Func<Draft, JsonNode, bool> change)
    {
        JsonNode? root;
        try
        {
            root = d.Text is null ? null : JsonNode.Parse(d.Text);
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
        if (root is null) return false;
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        if (nodes.Count == 0) return false;
        if (!change(d, nodes[r.Next(nodes.Count)])) return false;
        d.Text = root.ToJsonString();
        return true;
    }

    private static void Collect(JsonNode node, List<JsonNode> into)
    {
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children)
        {
            if (child is null) continue;
            into.Add(child);
            Collect(child, into);
        }
    }

    private static bool Replace(JsonNode node, JsonNode? with)
    {
        switch (node.Parent)
        {
            case JsonObject o:
                o[node.GetPropertyName()] = with;
                return true;
            case JsonArray a:
                a[node.GetElementIndex()] = with;
                return true;
            default:
                return false;
        }
    }

    private static JsonNode? OtherType(JsonNode node, Random r)
    {
        var kind = node.GetValueKind();
        while (true)
        {
            JsonNode? other = r.Next(8) switch
            {
                0 => null,
                1 => JsonValue.Create("text"),
                2 => JsonValue.Create(r.Next(3) == 0 ? -1 : 0),
                3 => JsonValue.Create(1.5),
                4 => new JsonArray(JsonValue.Create(1), new JsonArray(), new JsonObject()),
                5 => new JsonObject { ["a"] = 1 },
                6 => JsonValue.Create(true),
                _ => JsonValue.Create(node.ToJsonString()),
            };
            if (other?.GetValueKind() != kind) return other;
        }
    }

    // ---- YAML bodies ----

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

    // ---- multipart (file upload) ----

    private static byte[] Multipart(Random r, Draft d)
    {
        var boundary = r.Next(6) switch
        {
            0 => new string('b', 71 + r.Next(200)),
            1 => "",
            2 => "\"quoted boundary\"",
            3 => "b\u00e9",
            _ => "fuzzboundary" + r.Next(1000),
        };
        var declared = r.Next(5) == 0 ? "other" : boundary.Trim('"');
        d.ContentType = r.Next(8) == 0 ? "multipart/form-data" : $"multipart/form-data; boundary={boundary}";
        var file = r.Next(4) == 0 ? new string('f', 100_000 + r.Next(1_100_000)) : "hello file";
        var name = r.Next(5) switch { 0 => "../../etc/passwd", 1 => "", 2 => new string('n', 300), 3 => "a\u0000b", _ => "note.txt" };
        var text = r.Next(6) switch
        {
            0 => $"--{declared}\r\nContent-Type: text/plain\r\n\r\n{file}\r\n--{declared}--\r\n",
            1 => $"--{declared}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\r\n{file}",
            2 => $"--{declared}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n{new string('h', 20_000)}: x\r\n\r\n{file}\r\n--{declared}--\r\n",
            3 => $"--{declared}--\r\n",
            4 => string.Concat(Enumerable.Repeat($"--{declared}\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv\r\n", 2000)) + $"--{declared}--\r\n",
            _ => $"--{declared}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/plain\r\n\r\n{file}\r\n--{declared}--\r\n",
        };
        return Encoding.UTF8.GetBytes(text);
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
