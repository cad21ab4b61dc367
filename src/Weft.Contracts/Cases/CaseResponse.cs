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
