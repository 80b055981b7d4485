using Workflow.Domain.Applications;
using Workflow.Domain.Calendar;

namespace Workflow.Domain.Appointments;

/// <summary>
/// What a municipality asks a person to agree to: the post, how they are taken on, from when until when, how many days
/// a week and where. The person accepts or declines these terms as they are.
/// </summary>
/// <param name="PostTitle">The post's name as the municipality writes it (CIO補佐官, DX推進アドバイザー, …).</param>
/// <param name="EndsOn">The last day of the term, inclusive.</param>
public sealed record AppointmentTerms(
    AppointmentRole Post,
    string PostTitle,
    EmploymentForm Form,
    DateOnly StartsOn,
    DateOnly EndsOn,
    int DaysPerWeek,
    WorkStyle WorkStyle)
{
    /// <summary>Days a week is a share of a working week: at least one, at most five.</summary>
    public const int MaxDaysPerWeek = 5;

    /// <summary>A request names at most three years (a 特別職非常勤職員's term is set year by year in practice; three covers renewals agreed up front).</summary>
    public const int MaxTermYears = 3;

    public bool Overlaps(AppointmentTerms other) => StartsOn <= other.EndsOn && other.StartsOn <= EndsOn;

    /// <summary>The term in words: 令和8年（2026年）4月1日(水)から令和9年（2027年）3月31日(水)まで.</summary>
    public string TermText => $"{JapaneseDates.Day(StartsOn)}から{JapaneseDates.Day(EndsOn)}まで";

    /// <summary>
    /// What is wrong with terms as asked, field by field in Japanese; empty when they can be asked. A term may not have
    /// started before <paramref name="today"/> (Japan's date): the person agrees to what is ahead of them.
    /// </summary>
    public static IReadOnlyList<FieldError> Validate(AppointmentTerms terms, DateOnly today)
    {
        var errors = new List<FieldError>();
        if (terms.StartsOn < today)
        {
            errors.Add(new FieldError("startsOn", "任用の開始日は今日以降の日付にしてください。"));
        }

        if (terms.EndsOn < terms.StartsOn)
        {
            errors.Add(new FieldError("endsOn", "任用の終了日は開始日以降の日付にしてください。"));
        }
        else if (terms.EndsOn > terms.StartsOn.AddYears(MaxTermYears))
        {
            errors.Add(new FieldError("endsOn", $"任用の期間は{MaxTermYears}年以内にしてください。"));
        }

        if (terms.DaysPerWeek is < 1 or > MaxDaysPerWeek)
        {
            errors.Add(new FieldError("daysPerWeek", $"勤務日数は週1日から週{MaxDaysPerWeek}日の間で指定してください。"));
        }

        return errors;
    }
}
