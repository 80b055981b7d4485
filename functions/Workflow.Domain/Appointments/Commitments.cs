namespace Workflow.Domain.Appointments;

/// <summary>
/// How much of a working week one person has promised: the appointments they accepted, each so many days a week over
/// its term. The ministry sets how many days a week a person may hold at once (on its dashboard; the deployment's
/// <c>Workflow:Appointments:MaxDaysPerWeek</c> until then), so that one person is not promised to more municipalities
/// than they can serve. A shared (広域) appointment is one job: its terms are held once, whoever shares it.
/// </summary>
public static class Commitments
{
    /// <summary>
    /// The widest limit the ministry may set: every day of the week. One appointment asks five days at most
    /// (<see cref="AppointmentTerms.MaxDaysPerWeek"/>), but a person may hold two that together take the weekend too.
    /// </summary>
    public const int MostDaysPerWeekLimit = 7;

    /// <summary>What is wrong with a limit the ministry sets (field <c>maxDaysPerWeek</c>), in Japanese; empty when it can be set.</summary>
    public static IReadOnlyList<Applications.FieldError> ValidateLimit(int? maxDaysPerWeek) => maxDaysPerWeek switch
    {
        null => [new("maxDaysPerWeek", "1人が同時に持てる任用の上限（週の日数）を整数で指定してください。")],
        < 1 or > MostDaysPerWeekLimit => [new("maxDaysPerWeek", $"上限は週1日から週{MostDaysPerWeekLimit}日の間で指定してください。")],
        _ => [],
    };

    /// <summary>
    /// The most days a week the person would hold on any day of <paramref name="requested"/>'s term if they accepted
    /// it beside <paramref name="accepted"/>. The load only rises where a term starts, so the requested term's first day
    /// and each accepted term's first day within it are the days to look at.
    /// </summary>
    public static int PeakDaysPerWeek(AppointmentTerms requested, IEnumerable<AppointmentTerms> accepted)
    {
        var overlapping = accepted.Where(requested.Overlaps).ToList();
        var days = overlapping.Select(a => a.StartsOn).Where(d => d > requested.StartsOn && d <= requested.EndsOn).Append(requested.StartsOn);
        return days.Max(day => requested.DaysPerWeek + overlapping.Where(a => a.StartsOn <= day && day <= a.EndsOn).Sum(a => a.DaysPerWeek));
    }

    /// <summary>Why the person may not accept, in Japanese; null when they may.</summary>
    public static string? RefuseAccepting(AppointmentTerms requested, IEnumerable<AppointmentTerms> accepted, int maxDaysPerWeek)
    {
        var peak = PeakDaysPerWeek(requested, accepted);
        return peak <= maxDaysPerWeek
            ? null
            : $"承諾すると、期間中に週{peak}日の任用を同時に持つことになり、総務省が定める上限（週{maxDaysPerWeek}日）を超えます。既に承諾した任用の期間や日数を調整してから承諾してください。";
    }
}
