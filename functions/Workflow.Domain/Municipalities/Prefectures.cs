using System.Text;

namespace Workflow.Domain.Municipalities;

/// <summary>The 47 都道府県 in JIS X 0401 order, so that index + 1 is the prefecture code.</summary>
public static class Prefectures
{
    public static IReadOnlyList<string> All { get; } =
    [
        "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県",
        "茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県",
        "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県",
        "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県",
        "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県",
        "徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県",
        "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
    ];

    /// <summary>Name for a JIS code "01".."47".</summary>
    /// <exception cref="ArgumentException">The code is not one of "01".."47".</exception>
    public static string NameOf(string twoDigitCode) =>
        TryNameOf(twoDigitCode, out var name) ? name : throw new ArgumentException($"Unknown prefecture code '{twoDigitCode}'.", nameof(twoDigitCode));

    public static bool TryNameOf(string twoDigitCode, out string name)
    {
        if (twoDigitCode is { Length: 2 } && char.IsAsciiDigit(twoDigitCode[0]) && char.IsAsciiDigit(twoDigitCode[1]))
        {
            var number = ((twoDigitCode[0] - '0') * 10) + (twoDigitCode[1] - '0');
            if (number is >= 1 and <= 47)
            {
                name = All[number - 1];
                return true;
            }
        }

        name = string.Empty;
        return false;
    }

    /// <summary>The two-digit code of a prefecture name, or null when the name is not one of the 47.</summary>
    public static string? CodeOf(string name)
    {
        var index = IndexOf(name);
        return index < 0 ? null : (index + 1).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Exact full names only (東京都, not 東京): the short forms are ambiguous for 京都 and would hide typos.</summary>
    public static bool IsPrefecture(string name) => IndexOf(name) >= 0;

    /// <summary>The official order (北海道 first), -1 for anything else: lists sort by it.</summary>
    public static int IndexOf(string? name)
    {
        if (name is null)
        {
            return -1;
        }

        var normalized = name.Normalize(NormalizationForm.FormKC).Trim();
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(All[i], normalized, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
