using Shouldly;
using Weft.Bench.Fuzz;
using Weft.Server.Tests.Support;
using Weft.Tests.Shared;
using Xunit;

namespace Weft.Server.Tests;

/// <summary>
/// The fuzzer of bench/Weft.Bench (its Fuzz folder is compiled in here), bounded: 1,000 mutated
/// requests over the write routes of a real server process, seed 1. The server is a child process, so
/// a request that kills it (a stack overflow) fails this test instead of the test host; the fuzzer
/// counts the death, restarts the server and goes on. Every answer must be below 500, the server must
/// live through it, and a hello run must still complete afterwards. The report (every distinct
/// failure with its request) is left in the folder named in the failure message.
/// </summary>
public sealed class FuzzTests
{
    [Fact(Timeout = 900_000)]
    public async Task Fuzz_ThousandMutatedWrites_NoServerErrorAndTheServerLives()
    {
        using var dir = new TempDirectory();
        var report = Path.Combine(Path.GetTempPath(), "weft-fuzz-test-report");
        if (Directory.Exists(report)) Directory.Delete(report, recursive: true);
        var result = await FuzzRun.RunAsync(new FuzzOptions
        {
            Requests = 1000,
            Seed = 1,
            ServerDll = ServerProcess.ServerDll,
            Samples = Path.Combine(ServerProcess.RepoRoot, "samples"),
            WorkDir = dir.Path,
            ReportDir = report,
        });
        (result.Requests + result.Skipped.Values.Sum()).ShouldBe(1000);
        result.Passed.ShouldBeTrue($"report in {report}:\n{result.Summary()}");
    }
}
