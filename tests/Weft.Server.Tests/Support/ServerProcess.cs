using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Weft.Server.Tests.Support;

/// <summary>
/// A real Weft server process (<c>dotnet Weft.Server.dll</c>) on a loopback port, as users run it.
/// <see cref="Kill"/> ends it with SIGKILL, with no chance to clean up.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ServerProcess(Process process, Uri address, StreamWriter log, string logPath)
    {
        _process = process;
        _log = log;
        Address = address;
        LogPath = logPath;
        Tokens = new TokenHandler(BootstrapClientId, BootstrapClientSecret);
        Client = new HttpClient(Tokens) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        AnonymousClient = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The server administrator every test server is bootstrapped with (Weft__Auth__Bootstrap...).</summary>
    public const string BootstrapClientId = "test-admin";

    public const string BootstrapClientSecret = "test-admin-secret-0b4f3c9a1d";

    /// <summary>A client without credentials.</summary>
    public HttpClient AnonymousClient { get; }

    /// <summary>The handler that puts the bootstrap administrator's token (or a user's, see <see cref="TokenHandler.ActAs"/>) on <see cref="Client"/>'s requests.</summary>
    public TokenHandler Tokens { get; }

    /// <summary>A client whose every request carries <paramref name="bearer"/>.</summary>
    public HttpClient ClientFor(string bearer)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public string LogPath { get; }

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Weft.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Weft.slnx not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The built server, in the test run's configuration.</summary>
    public static string ServerDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            var dll = Path.Combine(RepoRoot, "src", "Weft.Server", "bin", configuration, "net10.0", "Weft.Server.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first", dll);
        }
    }

    public static string Sample(string name) => File.ReadAllText(Path.Combine(RepoRoot, "samples", name));

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the server with the given <c>Weft__...</c> settings in <paramref name="workDir"/> and waits for /health.</summary>
    public static async Task<ServerProcess> StartAsync(string workDir, IReadOnlyDictionary<string, string> settings, int? port = null)
    {
        var dll = ServerDll;
        var address = new Uri($"http://127.0.0.1:{port ?? FreePort()}");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(address.ToString().TrimEnd('/'));
        info.Environment["DOTNET_gcServer"] = "0";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Weft__Auth__BootstrapClientId"] = BootstrapClientId;
        info.Environment["Weft__Auth__BootstrapClientSecret"] = BootstrapClientSecret;
        foreach (var (k, v) in settings) info.Environment[k] = v;
        var logPath = Path.Combine(workDir, $"server-{address.Port}-{Guid.NewGuid().ToString("N")[..6]}.log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, address, log, logPath);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"The server exited with {process.ExitCode}: {server.ReadLog()}");
            try
            {
                using var response = await server.AnonymousClient.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK) return server;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        await server.DisposeAsync();
        throw new TimeoutException("The server did not answer /health within 60 s: " + server.ReadLog());
    }

    public string ReadLog()
    {
        lock (_log) _log.Flush();
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>SIGKILL: the process ends at once, mid-transaction if it is in one.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        Client.Dispose();
        AnonymousClient.Dispose();
        await _log.DisposeAsync();
    }
}
