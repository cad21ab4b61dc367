using System.Buffers;
using System.Text;
using System.Text.Unicode;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Weft.Server.Api;

/// <summary>Reads request bodies within the configured size, reporting malformed JSON with its line and column.</summary>
internal static partial class RequestBody
{
    public static async Task<string> ReadTextAsync(HttpRequest request, CancellationToken ct)
    {
        var (buffer, length) = await ReadBytesAsync(request, ct);
        try
        {
            return Decode(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static readonly object Kept = new();

    /// <summary>
    /// Parses a JSON body; an empty body gives null. A body a front door already read (for a namespace or a credential
    /// in it, <see cref="Keep"/>) is not read again: its tree is handed over once, or its failure thrown again.
    /// </summary>
    public static async Task<JsonNode?> ReadJsonAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.HttpContext.Items.TryGetValue(Kept, out var kept))
        {
            request.HttpContext.Items.Remove(Kept);
            if (kept is Exception failure) throw failure;
            return kept as JsonNode;
        }
        var (buffer, length) = await ReadBytesAsync(request, ct);
        try
        {
            // Straight from the UTF-8 bytes, without a string in between; the same checks as ReadTextAsync + ParseJson.
            var body = buffer.AsSpan(0, length);
            if (!Utf8.IsValid(body)) throw NotUtf8();
            while (body.StartsWith(Bom)) body = body[Bom.Length..];
            var i = 0;
            while (i < body.Length && body[i] < 0x80 && char.IsWhiteSpace((char)body[i])) i++;
            if (i == body.Length) return null;
            if (body[i] >= 0x80)
            {
                // Leading non-ASCII: let the text path decide whether it is all white space (as string.IsNullOrWhiteSpace does).
                var text = Decode(body);
                return string.IsNullOrWhiteSpace(text) ? null : ParseJson(text);
            }
            return ParseJson(body);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Keeps what reading the body gave (its tree, or the exception) for the handler's <see cref="ReadJsonAsync"/>.</summary>
    internal static void Keep(HttpContext http, object? read) => http.Items[Kept] = read;

    /// <summary>The failure a front door met reading the body, if it did.</summary>
    internal static Exception? KeptFailure(HttpContext http) => http.Items.TryGetValue(Kept, out var kept) ? kept as Exception : null;

    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The body in a pooled buffer (give it back to <see cref="ArrayPool{T}.Shared"/>), refused past the limit.</summary>
    private static async Task<(byte[] Buffer, int Length)> ReadBytesAsync(HttpRequest request, CancellationToken ct)
    {
        var limit = request.HttpContext.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxBodyBytes;
        if (request.ContentLength > limit) throw TooLarge(limit);
        CountedHere(request);
        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is { } declared ? (int)Math.Min(declared + 1, 1 << 20) : 4096);
        var length = 0;
        try
        {
            int n;
            while ((n = await request.Body.ReadAsync(buffer.AsMemory(length), ct)) > 0)
            {
                if (length + (long)n > limit) throw TooLarge(limit);
                length += n;
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
            return (buffer, length);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw TooLarge(limit);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>
    /// For a reader that counts the body against the limit itself: Kestrel counts a chunked body's framing (chunk sizes
    /// and line ends) against its own limit too, and so refused chunked bodies under the limit.
    /// </summary>
    internal static void CountedHere(HttpRequest request)
    {
        if (request.ContentLength is null && request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = null;
    }

    private static string Decode(ReadOnlySpan<byte> body)
    {
        try
        {
            return StrictUtf8.GetString(body).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            throw NotUtf8();
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private static BadRequestException NotUtf8() => new("The body is not valid UTF-8 text.");

    private static JsonNode? ParseJson(string text) => ParseJson(Encoding.UTF8.GetBytes(text));

    private static JsonNode? ParseJson(ReadOnlySpan<byte> utf8)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(utf8, documentOptions: DocumentOptions);
        }
        catch (JsonException e)
        {
            // A duplicate key fails the parse too, but the pass below names the key and where it is; a body that does
            // not parse fails that pass the same way, and is reported as the parse reported it.
            try
            {
                CheckKeysAndStrings(utf8);
            }
            catch (JsonException)
            {
            }
            throw Malformed(e);
        }
        // A lone surrogate parses (strings are read lazily) and fails whoever reads it; only an escape can make one.
        if (utf8.IndexOf("\\u"u8) >= 0) CheckKeysAndStrings(utf8);
        return node;
    }

    /// <summary>
    /// Refuses, with where they are, a key given twice in one object (which one wins?) and an escaped lone surrogate
    /// (<c>"\ud800"</c>), which parses but throws at whoever reads the string. A second pass over the body, so it runs
    /// only when the parse failed or the body holds an escape.
    /// </summary>
    private static void CheckKeysAndStrings(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = DocumentOptions.MaxDepth });
        var objects = new Stack<HashSet<string>?>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    objects.Push(null);
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    objects.Pop();
                    break;
                case JsonTokenType.PropertyName:
                    var name = Text(ref reader, utf8);
                    var keys = objects.Pop() ?? new HashSet<string>(StringComparer.Ordinal);
                    if (!keys.Add(name)) throw At(utf8, in reader, $"The body is not valid JSON: the key '{name}' is given twice in one object.");
                    objects.Push(keys);
                    break;
                case JsonTokenType.String when reader.ValueIsEscaped:
                    Text(ref reader, utf8);
                    break;
            }
        }
    }

    private static string Text(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw At(utf8, in reader, "The body is not valid JSON: a string holds an escaped lone surrogate (\\ud800 to \\udfff without its pair).");
        }
    }

    private static BadRequestException At(ReadOnlySpan<byte> utf8, in Utf8JsonReader reader, string message)
    {
        var (line, column) = Weft.Core.Dsl.TextPosition.Of(utf8, (int)reader.TokenStartIndex);
        return new BadRequestException(message, null, line, column);
    }

    /// <summary>At most 64 levels deep; duplicate keys are found first by <see cref="CheckKeysAndStrings"/>, with where they are.</summary>
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    private static BadRequestException Malformed(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut].TrimEnd();
        return new BadRequestException("The body is not valid JSON: " + message, null, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1);
    }

    private static BadRequestException TooLarge(long limit) =>
        new($"The body is larger than the limit of {limit} bytes (Weft:Api:MaxBodyBytes).", status: StatusCodes.Status413PayloadTooLarge);
}
