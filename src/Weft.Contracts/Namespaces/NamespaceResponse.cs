namespace Weft.Contracts.Namespaces;

/// <summary>A namespace.</summary>
/// <param name="Name">Its name: 1 to 63 lowercase letters, digits and '-'.</param>
public sealed record NamespaceResponse(string Name);
