using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Weft.Bench.Fuzz;

/// <summary>
/// The real server as a child process (<c>dotnet Weft.Server.dll</c>) on a free loopback port, in a
/// working directory that outlives it (a restart after a death finds the same SQLite file), its output
/// in <c>server-N.log</c> there. <see cref="Client"/> carries the bootstrap administrator's token.
/// </summary>
internal sealed class FuzzServer : IDisposable
{
    public const string AdminId = "fuzz-admin";

    public const string AdminSecret = "fuzz-admin-secret-5c1e0a9b7d3f";

    private readonly Process _process;
    private readonly StreamWriter _log;
    private DateTime _tokenAt;

    private FuzzServer(Process process, HttpClient client, StreamWriter log, string logPath)
    {
        _process = process;
        _log = log;
        Client = client;
        LogPath = logPath;
    }

    public HttpClient Client { get; }

    public string LogPath { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static async Task<FuzzServer> StartAsync(string dll, string workDir, IReadOnlyDictionary<string, string> settings, int incarnation, TimeSpan requestTimeout)
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workDir, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { dll, "--urls", $"http://127.0.0.1:{port}" }) info.ArgumentList.Add(arg);
        info.Environment["DOTNET_gcServer"] = "0";
        // 2 GiB of managed heap at most: an amplification (a YAML alias bomb) shows as an error or a death, not as a machine out of memory.
        info.Environment["DOTNET_GCHeapHardLimit"] = "0x80000000";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Weft__Auth__BootstrapClientId"] = AdminId;
        info.Environment["Weft__Auth__BootstrapClientSecret"] = AdminSecret;
        // The fuzzer's own token requests stay far below any limit; the default (60 a minute) would only get in the way of restarts.
        info.Environment["Weft__Auth__TokenRequestsPerMinute"] = "600";
        foreach (var (key, value) in settings) info.Environment[key] = value;
        var logPath = Path.Combine(workDir, $"server-{incarnation}.log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(info)!;
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = requestTimeout };
        var server = new FuzzServer(process, client, log, logPath);
        process.OutputDataReceived += server.Append;
        process.ErrorDataReceived += server.Append;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // A fuzzer stopped with Ctrl+C or SIGTERM takes its server with it.
        AppDomain.CurrentDomain.ProcessExit += server.KillOnExit;
        Console.CancelKeyPress += server.KillOnExit;
        for (var i = 0; i < 600; i++)
        {
            if (process.HasExited) throw new InvalidOperationException($"the server exited with {process.ExitCode} at start: {server.LogTail(40)}");
            if (await server.IsHealthyAsync())
            {
                await server.RenewTokenAsync();
                return server;
            }
            await Task.Delay(100);
        }
        server.Dispose();
        throw new TimeoutException("the server did not answer /health within 60 s");
    }

    private void Append(object? sender, DataReceivedEventArgs line)
    {
        if (line.Data is null) return;
        lock (_log)
        {
            _log.WriteLine(line.Data);
            // An error's exception line ("      System.XException: message"), under the "fail:" line ASP.NET Core logs.
            var text = line.Data.TrimStart();
            var colon = text.IndexOf("Exception: ", StringComparison.Ordinal);
            if (line.Data.StartsWith("      ", StringComparison.Ordinal) && colon > 0 && !text[..colon].Contains(' ', StringComparison.Ordinal))
            {
                _lastException = text.Length > 160 ? text[..160] : text;
                _exceptions++;
            }
        }
    }

    private string? _lastException;
    private int _exceptions;

    /// <summary>How many exception lines the server has logged, and the last one.</summary>
    public (int Count, string? Last) LoggedExceptions()
    {
        lock (_log) return (_exceptions, _lastException);
    }

    /// <summary>The exception the server logs for a 500 it has just answered (its output arrives a moment after the answer), or null.</summary>
    public async Task<string?> ExceptionSinceAsync(int count)
    {
        for (var i = 0; i < 20; i++)
        {
            var (now, last) = LoggedExceptions();
            if (now > count) return last;
            await Task.Delay(10);
        }
        return null;
    }

    public async Task<bool> IsHealthyAsync()
    {
        try
        {
            using var response = await Client.GetAsync("/health");
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>Gets a new access token once the one in use is ten minutes old (they live fifteen).</summary>
    public async Task RenewTokenAsync()
    {
        if (DateTime.UtcNow - _tokenAt < TimeSpan.FromMinutes(10)) return;
        await UseClientTokenAsync(Client, AdminId, AdminSecret);
        _tokenAt = DateTime.UtcNow;
    }

    /// <summary>Gets a client_credentials access token from <c>/connect/token</c> and puts it on every request of <paramref name="http"/>.</summary>
    public static async Task UseClientTokenAsync(HttpClient http, string clientId, string secret)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret,
        });
        using var response = await http.PostAsync("/connect/token", form);
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>The process's peak resident set (VmHWM) in KiB, 0 where /proc is not there or it has ended.</summary>
    public long PeakRssKiB()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return 0;
    }

    /// <summary>Waits up to <paramref name="within"/> for the process to end (a dying server closes its sockets a moment before it is gone).</summary>
    public async Task<bool> ExitedWithinAsync(TimeSpan within)
    {
        using var cts = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Why the process died, from its output: for a stack overflow the first frame of the recursion outside the
    /// runtime and the first Weft frame under it (the recursion's site); else the unhandled exception's first line; else the exit code.
    /// </summary>
    public string DeathCause()
    {
        lock (_log) _log.Flush();
        string[] lines;
        using (var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            lines = new StreamReader(stream).ReadToEnd().Split('\n');
        var overflow = Array.FindLastIndex(lines, l => l.StartsWith("Stack overflow.", StringComparison.Ordinal));
        if (overflow >= 0)
        {
            // The runtime prints the recursing frames once under "Repeated N times:"; the frames above it are where the stack ran out.
            var repeated = Array.FindIndex(lines, overflow, l => l.StartsWith("Repeated ", StringComparison.Ordinal));
            var frames = lines.Skip(repeated >= 0 ? repeated : overflow).Select(l => l.Trim()).Where(l => l.StartsWith("at ", StringComparison.Ordinal)).Select(l => l[3..].Split('(')[0]).ToList();
            var first = frames.FirstOrDefault(f => !f.StartsWith("System.", StringComparison.Ordinal)) ?? frames.FirstOrDefault() ?? "?";
            var weft = frames.FirstOrDefault(f => f.StartsWith("Weft.", StringComparison.Ordinal));
            return $"stack overflow in {first}" + (weft is null || weft == first ? "" : $" under {weft}");
        }
        var unhandled = Array.FindLastIndex(lines, l => l.StartsWith("Unhandled exception", StringComparison.Ordinal) || l.StartsWith("Out of memory", StringComparison.Ordinal));
        if (unhandled >= 0) return lines[unhandled].Length > 200 ? lines[unhandled][..200] : lines[unhandled];
        return $"exit code {ExitCode}";
    }

    public string LogTail(int lines)
    {
        lock (_log) _log.Flush();
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var all = new StreamReader(stream).ReadToEnd().Split('\n');
        return string.Join('\n', all.TakeLast(lines));
    }

    private void KillOnExit(object? sender, EventArgs e)
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        Console.CancelKeyPress -= KillOnExit;
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        // Also waits for the output to be read to its end, so nothing writes to the log once it is closed.
        _process.WaitForExit();
        _process.Dispose();
        Client.Dispose();
        lock (_log) _log.Dispose();
    }
}
