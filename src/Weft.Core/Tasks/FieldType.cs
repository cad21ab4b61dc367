namespace Weft.Core.Tasks;

/// <summary>The types a task form field may have.</summary>
public enum FieldType { String, Number, Integer, Boolean, DateTime, Decimal, Choice }
