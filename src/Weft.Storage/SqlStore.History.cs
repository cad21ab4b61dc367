using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Weft.Core.Runs;

namespace Weft.Storage;

/// <summary>
/// A run's history: each checkpoint's events in one <c>history_batches</c> row (a JSON array), read back with the
/// one-row-per-event <c>history</c> rows that stores written before schema 13 hold.
/// </summary>
public abstract partial class SqlStore
{
    private protected const string InsertHistoryBatchSql = "INSERT INTO history_batches (run_id, first_seq, events) VALUES (@run_id, @first_seq, @events)";

    private const string HistorySql =
        "SELECT seq, at, type, step, data, NULL AS events FROM history WHERE run_id = @runId " +
        "UNION ALL SELECT first_seq, 0, '', NULL, NULL, events FROM history_batches WHERE run_id = @runId";

    private sealed class HistoryRow
    {
        public long seq { get; set; }
        public long at { get; set; }
        public string type { get; set; } = "";
        public string? step { get; set; }
        public string? data { get; set; }
        public string? events { get; set; }
    }

    public async Task<IReadOnlyList<HistoryEvent>> HistoryAsync(string runId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<HistoryRow>(new CommandDefinition(HistorySql, new { runId }, cancellationToken: ct));
        var events = new List<HistoryEvent>();
        foreach (var r in rows)
        {
            if (r.events is { } batch) ReadBatch(batch, events);
            else events.Add(new HistoryEvent(r.seq, FromMs(r.at), r.type, r.step, r.data is null ? null : JsonNode.Parse(r.data) as JsonObject));
        }
        events.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        return events;
    }

    // The buffer and writer a thread encodes history batches with, kept for its next checkpoint.
    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? t_historyEncoder;

    /// <summary>The checkpoint's events as one row, or none when it has none.</summary>
    private static Statement? HistoryBatch(string runId, IReadOnlyList<HistoryEvent> events)
    {
        if (events.Count == 0) return null;
        var (buffer, writer) = t_historyEncoder ??= NewEncoder();
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        writer.WriteStartArray();
        foreach (var e in events)
        {
            writer.WriteStartObject();
            writer.WriteNumber("seq", e.Seq);
            writer.WriteNumber("at", Ms(e.At));
            writer.WriteString("type", e.Type);
            if (e.Step is not null) writer.WriteString("step", e.Step);
            if (e.Data is not null)
            {
                writer.WritePropertyName("data");
                e.Data.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.Flush();
        var json = Encoding.UTF8.GetString(buffer.WrittenSpan);
        // A rare huge batch does not stay pinned to the thread.
        if (buffer.Capacity > 256 * 1024) t_historyEncoder = null;
        return new Statement(InsertHistoryBatchSql, [new("run_id", runId), new("first_seq", events[0].Seq), new("events", json)]);
    }

    private static (ArrayBufferWriter<byte>, Utf8JsonWriter) NewEncoder()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        return (buffer, new Utf8JsonWriter(buffer, new JsonWriterOptions { MaxDepth = ValueLimits.StateMaxDepth }));
    }

    private static void ReadBatch(string batch, List<HistoryEvent> into)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(batch));
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            long seq = 0, at = 0;
            string type = "";
            string? step = null;
            JsonObject? data = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "seq": seq = reader.GetInt64(); break;
                    case "at": at = reader.GetInt64(); break;
                    case "type": type = reader.GetString() ?? ""; break;
                    case "step": step = reader.GetString(); break;
                    case "data": data = JsonNode.Parse(ref reader) as JsonObject; break;
                    default: reader.Skip(); break;
                }
            }
            into.Add(new HistoryEvent(seq, FromMs(at), type, step, data));
        }
    }
}
