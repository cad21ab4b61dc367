using System.Text.Json.Nodes;

namespace Weft.Core.Workers;

/// <summary>Sends an http step's request. Returns <c>{ status, headers, body }</c>, or <c>{ error }</c> when no response came.</summary>
public interface IHttpStepClient
{
    Task<JsonObject> SendAsync(JsonObject request, CancellationToken ct);
}
