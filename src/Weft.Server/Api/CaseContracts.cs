using System.Text.Json.Nodes;
using Weft.Core.Cases;

namespace Weft.Server.Api;

/// <summary>A case. The personal fields are null once it was erased (<c>erasedAt</c>).</summary>
public sealed record CaseResponse(
    string Id, string Namespace, string? FirstName, string? LastName, string? PersonalNumber, string? Email,
    string? CompanyName, string? CompanyNumber, string? CompanyAddress, JsonObject Attributes,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ErasedAt)
{
    public static CaseResponse From(CaseRecord c) => new(
        c.Id, c.Namespace, c.FirstName, c.LastName, c.PersonalNumber, c.Email, c.CompanyName, c.CompanyNumber, c.CompanyAddress,
        c.Attributes, c.CreatedAt, c.UpdatedAt, c.ErasedAt);
}

/// <summary>The body of <c>POST .../cases</c> and <c>PUT/PATCH .../cases/{id}</c>: every field optional.</summary>
public sealed record CaseRequest(
    string? FirstName, string? LastName, string? PersonalNumber, string? Email,
    string? CompanyName, string? CompanyNumber, string? CompanyAddress, JsonObject? Attributes);

public sealed record CaseListResponse(IReadOnlyList<CaseResponse> Items, string? NextCursor);

/// <summary>A parameter set: named input for a definition.</summary>
public sealed record ParameterSetResponse(string Id, string Namespace, string Name, string Definition, int? Version, JsonObject Input, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ParameterSetResponse From(ParameterSet p) => new(p.Id, p.Namespace, p.Name, p.Definition, p.Version, p.Input, p.CreatedAt, p.UpdatedAt);
}

/// <summary>The body of <c>POST .../parameter-sets</c> (<c>PUT</c> takes <c>version</c> and <c>input</c>).</summary>
public sealed record ParameterSetRequest(string Name, string Definition, int? Version, JsonObject Input);

/// <summary>An ended run's result: completed runs carry <c>output</c>; failed, terminated and timed-out ones <c>error</c>.</summary>
public sealed record RunResultResponse(string Id, string Status, JsonNode? Output, Weft.Core.Runs.RunError? Error, string? CaseId, DateTimeOffset? EndedAt, long Number = 0);
