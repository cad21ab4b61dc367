using System.Text;
using System.Text.Json.Nodes;

namespace Weft.Bench.Fuzz;

/// <summary>The mutations of the request around the body (content type, path, query, headers), of its bytes, and of multipart bodies.</summary>
internal static partial class FuzzMutator
{
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
}
