using System.Text.Json.Nodes;

namespace Weft.Contracts.Cases;

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
