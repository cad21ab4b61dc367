using Shouldly;
using Weft.Core.Services;
using Xunit;

namespace Weft.Core.Tests;

/// <summary>Which values are numbers rather than ids, wherever a run, task, item or definition id is taken.</summary>
public sealed class NumberedIdsTests
{
    [Theory]
    [InlineData("1", 1L)]
    [InlineData("42", 42L)]
    [InlineData("007", 7L)]
    [InlineData("999999999999999999", 999999999999999999L)]
    public void IsNumber_DigitsAlone_IsThatNumber(string value, long expected)
    {
        NumberedIds.IsNumber(value, out var number).ShouldBeTrue();
        number.ShouldBe(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("01a207c9-700a-78cc-bf33-ede40baa8647")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1.0")]
    [InlineData("١٢")] // Arabic-Indic digits are digits to char.IsDigit, not to an id's reader
    [InlineData("9999999999999999999")] // past 18 digits: an id, never a number
    public void IsNumber_AnythingElse_IsAnId(string? value)
    {
        NumberedIds.IsNumber(value, out _).ShouldBeFalse();
    }
}
