namespace Weft.Core.Tasks;

/// <summary>Where a task is: open (in someone's inbox), completed with an action, or cancelled (its run ended or moved on).</summary>
public static class TaskStates
{
    public const string Open = "open";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";

    public static bool IsKnown(string status) => status is Open or Completed or Cancelled;
}
