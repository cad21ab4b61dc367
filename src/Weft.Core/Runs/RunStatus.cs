namespace Weft.Core.Runs;

/// <summary>Where a run stands. Completed, failed, terminated and timedOut are final.</summary>
public enum RunStatus { Queued, Running, Waiting, Paused, Completed, Failed, Terminated, TimedOut }

public static class RunStatusNames
{
    private static readonly string[] Names = ["queued", "running", "waiting", "paused", "completed", "failed", "terminated", "timedOut"];

    public static string ToName(this RunStatus status) => Names[(int)status];

    public static bool TryParse(string text, out RunStatus status)
    {
        var i = Array.FindIndex(Names, n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        status = i < 0 ? default : (RunStatus)i;
        return i >= 0;
    }

    public static bool IsFinal(this RunStatus status) => status >= RunStatus.Completed;
}
