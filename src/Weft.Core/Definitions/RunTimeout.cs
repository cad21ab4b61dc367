namespace Weft.Core.Definitions;

/// <summary>A limit on a whole run's duration, and what happens when it passes.</summary>
public sealed record RunTimeout(TimeSpan After, TimeoutPolicy Policy);

/// <summary><c>fail</c> ends the run as timed out; <c>alert</c> records the event and lets it go on.</summary>
public enum TimeoutPolicy { Fail, Alert }
