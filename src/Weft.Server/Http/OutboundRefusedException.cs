namespace Weft.Server.Http;

/// <summary>An http step's target that the outbound guard refuses; the step fails without retrying.</summary>
internal sealed class OutboundRefusedException(string message) : IOException(message);
