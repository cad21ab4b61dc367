using System.Text.Json.Nodes;

namespace Weft.Contracts.Cases;

/// <summary>A case. The personal fields are null once it was erased (<c>erasedAt</c>).</summary>
/// <param name="Id">The case's id.</param>
/// <param name="Namespace">Its namespace.</param>
/// <param name="FirstName">A person's first name.</param>
/// <param name="LastName">A person's last name.</param>
/// <param name="PersonalNumber">A person's personal number.</param>
/// <param name="Email">An email address.</param>
/// <param name="CompanyName">A company's name.</param>
/// <param name="CompanyNumber">A company's registration number.</param>
/// <param name="CompanyAddress">A company's address.</param>
/// <param name="Attributes">Free attributes (at most 50).</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="ErasedAt">When its personal data was erased.</param>
public sealed record CaseResponse(
    string Id, string Namespace, string? FirstName, string? LastName, string? PersonalNumber, string? Email,
    string? CompanyName, string? CompanyNumber, string? CompanyAddress, JsonObject Attributes,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ErasedAt);

/// <summary>The body of <c>POST .../cases</c> and <c>PUT/PATCH .../cases/{id}</c>: every field optional.</summary>
/// <param name="FirstName">A person's first name.</param>
/// <param name="LastName">A person's last name.</param>
/// <param name="PersonalNumber">A person's personal number.</param>
/// <param name="Email">An email address.</param>
/// <param name="CompanyName">A company's name.</param>
/// <param name="CompanyNumber">A company's registration number.</param>
/// <param name="CompanyAddress">A company's address.</param>
/// <param name="Attributes">Free attributes (at most 50, 16 KiB).</param>
public sealed record CaseRequest(
    string? FirstName = null, string? LastName = null, string? PersonalNumber = null, string? Email = null,
    string? CompanyName = null, string? CompanyNumber = null, string? CompanyAddress = null, JsonObject? Attributes = null);

/// <summary>A page of cases.</summary>
/// <param name="Items">The cases.</param>
/// <param name="NextCursor">The cursor of the next page.</param>
public sealed record CaseListResponse(IReadOnlyList<CaseResponse> Items, string? NextCursor);

/// <summary>A parameter set: named input for a definition.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Namespace">Its namespace.</param>
/// <param name="Name">Its name, unique per definition.</param>
/// <param name="Definition">The definition it is for.</param>
/// <param name="Version">The definition version it is for; the latest when null.</param>
/// <param name="Input">The input.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record ParameterSetResponse(string Id, string Namespace, string Name, string Definition, int? Version, JsonObject Input, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>The body of <c>POST .../parameter-sets</c>.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Definition">The name of a deployed definition.</param>
/// <param name="Version">A version of it; the latest when left out.</param>
/// <param name="Input">The input, checked against the definition's typed input.</param>
public sealed record ParameterSetRequest(string Name, string Definition, int? Version = null, JsonObject? Input = null);

/// <summary>The body of <c>PUT .../parameter-sets/{id}</c>: the new input and version.</summary>
/// <param name="Version">A version of the definition; the latest when left out.</param>
/// <param name="Input">The input, checked again.</param>
public sealed record ParameterSetUpdateRequest(int? Version = null, JsonObject? Input = null);
