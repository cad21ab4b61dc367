namespace Weft.Server.Tests.Support;

/// <summary>
/// The crash-and-restart sequence the durability tests share: a server on a work folder and settings, what the test
/// does on it, SIGKILL (no chance to clean up), optionally something done while no server runs, then a second server
/// on the same store with the same settings (so the same node id), which the caller owns and disposes.
/// </summary>
public static class CrashRestart
{
    public static async Task<ServerProcess> KillAndRestartAsync(
        string workDir, IReadOnlyDictionary<string, string> settings, Func<ServerProcess, Task> beforeKill, Func<Task>? whileDown = null)
    {
        var first = await ServerProcess.StartAsync(workDir, settings);
        try
        {
            await beforeKill(first);
            first.Kill();
        }
        finally
        {
            await first.DisposeAsync();
        }
        if (whileDown is not null) await whileDown();
        return await ServerProcess.StartAsync(workDir, settings);
    }

    /// <summary>A bounded poll of <paramref name="server"/>: returns once <paramref name="done"/> holds, or throws naming <paramref name="what"/> with the server's log.</summary>
    public static async Task UntilAsync(ServerProcess server, Func<Task<bool>> done, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what} within {within}: {server.ReadLog()}");
            await Task.Delay(50);
        }
    }
}
