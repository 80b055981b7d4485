namespace Workflow.Domain.Municipalities;

/// <summary>全国地方公共団体コード: five digits plus a check digit (検査数字).</summary>
public static class MunicipalityCode
{
    private static readonly int[] Weights = [6, 5, 4, 3, 2];

    /// <summary>
    /// Six ASCII digits, a prefecture part 01–47, and a correct check digit. The prefecture part is checked too because
    /// a code whose check digit happens to match but that names no prefecture cannot be a real 団体.
    /// </summary>
    public static bool IsValid(string code)
    {
        if (!IsSixDigits(code) || !Prefectures.TryNameOf(code[..2], out _))
        {
            return false;
        }

        return code[5] - '0' == CheckDigit(code.AsSpan(0, 5));
    }

    /// <summary>The check digit for the first five digits: (11 - Σ digit×weight mod 11) mod 10.</summary>
    public static int CheckDigit(ReadOnlySpan<char> firstFiveDigits)
    {
        if (firstFiveDigits.Length != 5)
        {
            throw new ArgumentException("Exactly five digits are required.", nameof(firstFiveDigits));
        }

        var sum = 0;
        for (var i = 0; i < 5; i++)
        {
            if (!char.IsAsciiDigit(firstFiveDigits[i]))
            {
                throw new ArgumentException("Only ASCII digits are allowed.", nameof(firstFiveDigits));
            }

            sum += (firstFiveDigits[i] - '0') * Weights[i];
        }

        return (11 - (sum % 11)) % 10;
    }

    /// <exception cref="ArgumentException">The code is not six digits.</exception>
    public static string PrefectureCodeOf(string code) =>
        IsSixDigits(code) ? code[..2] : throw new ArgumentException($"'{code}' is not a six-digit 団体コード.", nameof(code));

    private static bool IsSixDigits(string? code) => code is { Length: 6 } && code.All(char.IsAsciiDigit);
}
