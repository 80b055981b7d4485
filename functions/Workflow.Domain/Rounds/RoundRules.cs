using Workflow.Domain.Applications;
using Workflow.Domain.SkillStandard;
using Workflow.Domain.Training;

namespace Workflow.Domain.Rounds;

/// <summary>Validation of a round as the ministry sets it up, before anything is sent to the 民間事業者.</summary>
public static class RoundRules
{
    public const int MinFiscalYear = 2020;
    public const int MaxFiscalYear = 2100;
    public const int MaxTitleLength = 200;
    public const int MaxOperatorNameLength = 200;
    public const int MaxHeadCount = 1000;

    public static IReadOnlyList<FieldError> Validate(
        int fiscalYear, string title, string operatorName, IReadOnlyList<PersonaOpening> personas, RoundSchedule schedule)
    {
        var errors = new List<FieldError>();

        if (fiscalYear is < MinFiscalYear or > MaxFiscalYear)
        {
            errors.Add(new("fiscalYear", $"年度は{MinFiscalYear}から{MaxFiscalYear}の範囲で入力してください。"));
        }

        RequireText(title, "title", "公募の名称", MaxTitleLength, errors);
        RequireText(operatorName, "operatorName", "委託先の民間事業者名", MaxOperatorNameLength, errors);
        ValidatePersonas(personas ?? [], errors);

        if (schedule is null)
        {
            errors.Add(new("schedule", "日程を入力してください。"));
        }
        else
        {
            ValidateSchedule(fiscalYear, schedule, errors);
        }

        return errors;
    }

    private static void RequireText(string value, string field, string label, int max, List<FieldError> errors)
    {
        var length = ApplicationValidator.TextLength(ApplicationValidator.NormalizeText(value));
        if (length == 0)
        {
            errors.Add(new(field, $"{label}を入力してください。"));
        }
        else if (length > max)
        {
            errors.Add(new(field, $"{label}は{max}文字以内で入力してください。"));
        }
    }

    private static void ValidatePersonas(IReadOnlyList<PersonaOpening> personas, List<FieldError> errors)
    {
        if (personas.Count == 0)
        {
            errors.Add(new("personas", "募集する人材像を1つ以上選択してください。"));
            return;
        }

        var seen = new HashSet<Persona>();
        for (var i = 0; i < personas.Count; i++)
        {
            var opening = personas[i];
            if (opening is null)
            {
                errors.Add(new($"personas[{i}]", "募集する人材像を選択してください。"));
                continue;
            }

            if (!Enum.IsDefined(opening.Persona))
            {
                errors.Add(new($"personas[{i}].persona", "人材像が正しくありません。"));
            }
            else if (!seen.Add(opening.Persona))
            {
                errors.Add(new($"personas[{i}].persona", $"人材像「{SkillStandardCatalog.DisplayName(opening.Persona)}」が重複しています。"));
            }

            if (opening.HeadCount is < 1 or > MaxHeadCount)
            {
                errors.Add(new($"personas[{i}].headCount", $"募集人数は1から{MaxHeadCount}の範囲で入力してください。"));
            }
        }
    }

    private static void ValidateSchedule(int fiscalYear, RoundSchedule s, List<FieldError> errors)
    {
        var required = new (DateTimeOffset Value, string Field, string Label)[]
        {
            (s.AcceptCommissionBy, "schedule.acceptCommissionBy", "委託の受諾期限"),
            (s.ApplicationOpensAt, "schedule.applicationOpensAt", "公募開始日時"),
            (s.ApplicationClosesAt, "schedule.applicationClosesAt", "応募締切日時"),
            (s.SelectionDeadline, "schedule.selectionDeadline", "選定期限"),
            (s.PublicationDate, "schedule.publicationDate", "掲載日"),
            (s.AppointmentClosesAt, "schedule.appointmentClosesAt", "任用期限"),
        };
        foreach (var (value, field, label) in required.Where(r => r.Value == default))
        {
            errors.Add(new(field, $"{label}を入力してください。"));
        }

        // A round of one fiscal year is commissioned in the year before at the earliest and appoints into the one
        // after at the latest; dates far outside are typing errors (and, near year 9999, would overflow later sums).
        // (An out-of-range fiscal year is its own error; the dates are then not judged against it.)
        var year = Math.Clamp(fiscalYear, MinFiscalYear, MaxFiscalYear);
        var earliest = new DateTimeOffset(year - 1, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var latest = new DateTimeOffset(year + 2, 12, 31, 0, 0, 0, TimeSpan.Zero);
        var dated = required.Where(r => r.Value != default)
            .Concat((s.TrainingSessions ?? []).Select((x, i) => (x?.StartsAt ?? default, $"schedule.trainingSessions[{i}].startsAt", $"第{i + 1}回研修の開始日時")))
            .Where(r => fiscalYear is >= MinFiscalYear and <= MaxFiscalYear && r.Item1 != default && (r.Item1 < earliest || r.Item1 > latest));
        foreach (var (_, field, label) in dated)
        {
            errors.Add(new(field, $"{label}は{fiscalYear - 1}年1月1日から{fiscalYear + 2}年12月31日までの間で入力してください。"));
        }

        // Each error is reported on the later date: that is the one a person usually got wrong when dates drift.
        NotBefore(s.AcceptCommissionBy, s.ApplicationOpensAt, "schedule.applicationOpensAt", "公募開始日時は委託の受諾期限以降にしてください。", errors);
        After(s.ApplicationOpensAt, s.ApplicationClosesAt, "schedule.applicationClosesAt", "応募締切日時は公募開始日時より後にしてください。", errors);
        NotBefore(s.ApplicationClosesAt, s.SelectionDeadline, "schedule.selectionDeadline", "選定期限は応募締切日時以降にしてください。", errors);

        var sessions = s.TrainingSessions ?? [];
        ValidateSessions(sessions, errors);

        if (sessions.Count > 0 && sessions.All(x => x is not null))
        {
            NotBefore(s.SelectionDeadline, sessions[0].StartsAt, "schedule.trainingSessions[0].startsAt", "第1回研修の開始日時は選定期限以降にしてください。", errors);
            for (var i = 1; i < sessions.Count; i++)
            {
                After(sessions[i - 1].StartsAt, sessions[i].StartsAt, $"schedule.trainingSessions[{i}].startsAt", $"第{i + 1}回研修の開始日時は第{i}回研修より後にしてください。", errors);
            }

            NotBefore(sessions[^1].StartsAt, s.PublicationDate, "schedule.publicationDate", "掲載日は最終回の研修の開始日時以降にしてください。", errors);
        }
        else
        {
            NotBefore(s.SelectionDeadline, s.PublicationDate, "schedule.publicationDate", "掲載日は選定期限以降にしてください。", errors);
        }

        After(s.PublicationDate, s.AppointmentClosesAt, "schedule.appointmentClosesAt", "任用期限は掲載日より後にしてください。", errors);
    }

    private static void ValidateSessions(IReadOnlyList<TrainingSession> sessions, List<FieldError> errors)
    {
        if (sessions.Count is < Curriculum.MinSessions or > Curriculum.MaxSessions)
        {
            errors.Add(new("schedule.trainingSessions", $"研修は{Curriculum.MinSessions}回から{Curriculum.MaxSessions}回で設定してください。"));
        }

        var modulesKnown = true;
        for (var i = 0; i < sessions.Count; i++)
        {
            var session = sessions[i];
            if (session is null)
            {
                errors.Add(new($"schedule.trainingSessions[{i}]", $"第{i + 1}回研修を入力してください。"));
                modulesKnown = false;
                continue;
            }

            if (session.Number != i + 1)
            {
                errors.Add(new($"schedule.trainingSessions[{i}].number", $"{i + 1}番目の研修の回番号が{session.Number}になっています。研修には1から順に回番号を付けてください。"));
            }

            if (Curriculum.Modules.All(m => m.Number != session.Module))
            {
                errors.Add(new($"schedule.trainingSessions[{i}].module", $"第{i + 1}回研修のカリキュラム番号は1から{Curriculum.Modules.Count}で指定してください。"));
                modulesKnown = false;
            }

            if (session.StartsAt == default)
            {
                errors.Add(new($"schedule.trainingSessions[{i}].startsAt", $"第{i + 1}回研修の開始日時を入力してください。"));
            }
        }

        if (modulesKnown && sessions.Count is >= Curriculum.MinSessions and <= Curriculum.MaxSessions
            && !Curriculum.Covers(sessions.Select(x => x.Module).ToList()))
        {
            errors.Add(new("schedule.trainingSessions", "研修はカリキュラムの（１）～（３）を各1回、（４）自治体ＤＸを2回～3回含めてください。"));
        }
    }

    private static void NotBefore(DateTimeOffset earlier, DateTimeOffset later, string field, string message, List<FieldError> errors)
    {
        // A missing date has already been reported; comparing against it would only add noise.
        if (earlier != default && later != default && later < earlier)
        {
            errors.Add(new(field, message));
        }
    }

    private static void After(DateTimeOffset earlier, DateTimeOffset later, string field, string message, List<FieldError> errors)
    {
        if (earlier != default && later != default && later <= earlier)
        {
            errors.Add(new(field, message));
        }
    }
}
