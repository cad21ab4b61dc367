using System.Text.Json.Nodes;

namespace Weft.Core.Definitions;

/// <summary>One typed input variable of a definition.</summary>
public sealed record InputField(string Name, InputType Type, bool Required, JsonNode? Default, string? Description);

/// <summary>The types an input variable may have.</summary>
public enum InputType { String, Number, Integer, Boolean, DateTime, Decimal, Object, Array }
