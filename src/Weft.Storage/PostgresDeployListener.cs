using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Weft.Storage;

/// <summary>
/// Hears of every deploy on every node: a connection of its own (not pooled) that LISTENs on the channel each deploy
/// notifies in its own transaction. The same connection hears the work signal (<see cref="WorkChannel"/>), which
/// other nodes send when work fell due outside a checkpoint. While it listens, a node may keep the latest version of each definition between
/// deploys instead of asking the database at every run start; when the connection drops it stops listening (nothing
/// is cached then) and tries again each second.
/// </summary>
/// <remarks>
/// A notification arrives after the deploy commits, within about a millisecond on one network: a run started by name
/// on another node in that moment takes the version before, as if it had come just before the deploy.
/// </remarks>
internal sealed partial class PostgresDeployListener : IAsyncDisposable
{
    public const string Channel = "weft_deploys";

    /// <summary>Where a node says that work fell due now (an event, a task's completion); the payload is its node id.</summary>
    public const string WorkChannel = "weft_work";

    private readonly string _connectionString;
    private readonly Action _changed;
    private readonly Action<string> _work;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly TimeProvider _time;
    private volatile bool _listening;
    private ILogger _log = NullLogger.Instance;

    /// <param name="connectionString">The store's connection string.</param>
    /// <param name="changed">Called for each deploy heard, and when listening starts or stops.</param>
    /// <param name="work">Called with the sender's node id for each work signal heard.</param>
    /// <param name="time">The clock of the wait between reconnects.</param>
    public PostgresDeployListener(string connectionString, Action changed, Action<string> work, TimeProvider time)
    {
        _time = time;
        _connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 15 }.ConnectionString;
        _changed = changed;
        _work = work;
        _loop = Task.Run(LoopAsync);
    }

    public bool Listening => _listening;

    /// <summary>Where a lost or regained connection is told (set once the host's logging exists).</summary>
    public ILogger Log
    {
        get => _log;
        set => _log = value;
    }

    private async Task LoopAsync()
    {
        var ct = _stop.Token;
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_connectionString);
                await connection.OpenAsync(ct);
                connection.Notification += (_, e) =>
                {
                    if (e.Channel == WorkChannel) _work(e.Payload);
                    else _changed();
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}; LISTEN {WorkChannel}", connection)) await listen.ExecuteNonQueryAsync(ct);
                _listening = true;
                if (failures > 0) LogListening(Channel);
                failures = 0;
                // What was kept before this connection listened may have missed a deploy.
                _changed();
                while (true) await connection.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                // The database is away: nothing is kept until the connection is back (told once, not every second).
                if (failures++ == 0) LogLost(e, Channel);
            }
            finally
            {
                if (_listening)
                {
                    _listening = false;
                    _changed();
                }
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _time, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Lost the connection that listens on {Channel} for deploys on other nodes; run starts read the latest definition from the database until it is back (retrying each second)")]
    private partial void LogLost(Exception e, string channel);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "Listening on {Channel} for deploys on other nodes again")]
    private partial void LogListening(string channel);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
