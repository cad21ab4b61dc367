using Weft.Server.Tests.Support;
using Weft.Tests.Shared;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>One real server for a test class with the default settings (1 MiB bodies, the default outbound guard: no loopback or private targets), on a fresh SQLite file.</summary>
public sealed class DefaultServerFixture : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();

    public ServerProcess Process { get; private set; } = null!;

    /// <summary>The server's SQLite file (a test may read it, never write it).</summary>
    public string DatabasePath => Path.Combine(_dir.Path, "default.db");

    public async ValueTask InitializeAsync() => Process = await ServerProcess.StartAsync(_dir.Path, StoreSettings.Sqlite(_dir.Path, "default.db"));

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        _dir.Dispose();
    }
}
