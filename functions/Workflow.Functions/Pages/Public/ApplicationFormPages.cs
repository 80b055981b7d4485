using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Applications;
using Workflow.Domain.Municipalities;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Apply;
using Workflow.Functions.Http;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Pages.Public;

/// <summary>
/// What the applicant typed, as typed: re-rendered after an error so that nothing is lost, and turned into the
/// API's <see cref="ApplicationRequest"/> for checking and sending.
/// </summary>
public sealed record ApplicationFormValues(
    string FullName,
    string FullNameKana,
    string Email,
    string Phone,
    string Prefecture,
    IReadOnlySet<Persona> Personas,
    IReadOnlyDictionary<string, string> Assessments,
    IReadOnlySet<Qualification> Qualifications,
    IReadOnlyList<(string Framework, string Field, string Level)> SkillLevels,
    IReadOnlyList<(string Kind, string Years, string Summary)> Experiences,
    ListingTier? Listing)
{
    public const int SkillLevelRows = 2;
    public const int ExperienceRows = 3;

    public static ApplicationFormValues Empty { get; } = new(string.Empty, string.Empty, string.Empty, string.Empty, string.Empty,
        new HashSet<Persona>(), new Dictionary<string, string>(), new HashSet<Qualification>(),
        Enumerable.Repeat((string.Empty, string.Empty, string.Empty), SkillLevelRows).ToList(),
        Enumerable.Repeat((string.Empty, string.Empty, string.Empty), ExperienceRows).ToList(), null);

    public static ApplicationFormValues From(IFormCollection form)
    {
        string Text(string name) => form[name].ToString();
        return new ApplicationFormValues(
            Text("fullName"), Text("fullNameKana"), Text("email"), Text("phone"), Text("prefecture"),
            form["personas"].Select(v => (Ok: SkillStandardCatalog.TryParsePersona(v ?? string.Empty, out var p), p)).Where(x => x.Ok).Select(x => x.p).ToHashSet(),
            form.Keys.Where(k => k.StartsWith("assess-", StringComparison.Ordinal)).ToDictionary(k => k["assess-".Length..], k => form[k].ToString()),
            form["qualifications"].Select(v => (Ok: SkillStandardCatalog.TryParseQualification(v ?? string.Empty, out var q), q)).Where(x => x.Ok).Select(x => x.q).ToHashSet(),
            Enumerable.Range(0, SkillLevelRows).Select(i => (Text($"skillLevels-{i}-framework"), Text($"skillLevels-{i}-field"), Text($"skillLevels-{i}-level"))).ToList(),
            Enumerable.Range(0, ExperienceRows).Select(i => (Text($"experiences-{i}-kind"), Text($"experiences-{i}-years"), Text($"experiences-{i}-summary"))).ToList(),
            ListingFields.TierFrom(form));
    }

    /// <summary>Back from the confirmation step: the API request the applicant was about to send.</summary>
    public static ApplicationFormValues From(ApplicationRequest r) => new(
        r.FullName ?? string.Empty, r.FullNameKana ?? string.Empty, r.Email ?? string.Empty, r.Phone ?? string.Empty, r.Prefecture ?? string.Empty,
        (r.Personas ?? []).ToHashSet(),
        (r.SelfAssessments ?? []).Where(a => a is not null).GroupBy(a => a.SkillCode).ToDictionary(g => g.Key, g => g.First().Level.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        (r.Qualifications ?? []).ToHashSet(),
        Pad((r.SkillLevels ?? []).Select(l => (PublicText.Camel(l.Framework), l.Field, l.Level.ToString(System.Globalization.CultureInfo.InvariantCulture))), SkillLevelRows),
        Pad((r.Experiences ?? []).Select(e => (PublicText.Camel(e.Kind), e.Years.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Summary)), ExperienceRows),
        r.Listing ?? (r.ConsentToPublication is { } consent ? ListingChoice.FromConsent(consent).Tier : null));

    /// <summary>
    /// The API request these values make, and the errors of values that cannot even be read (a number that is not
    /// one). Error fields are the page's own ids: rows and skills are named as the form names them.
    /// </summary>
    public (ApplicationRequest Request, List<FieldError> Errors, Func<string, string> FieldOf) ToRequest(IReadOnlyCollection<Persona> sought, SkillStandardVersion standard)
    {
        var errors = new List<FieldError>();
        var chosen = Personas.Where(sought.Contains).ToList();
        var assessed = chosen.SelectMany(p => standard.For(p).AllSkills).Select(s => s.Code).Distinct()
            .Where(code => Assessments.TryGetValue(code, out var v) && v.Length > 0).ToList();
        var assessments = assessed.Select(code => new SelfAssessment(code, int.TryParse(Assessments[code], out var level) ? level : 0)).ToList();

        var levelRows = new List<int>();
        var levels = new List<SkillLevelClaim>();
        for (var i = 0; i < SkillLevels.Count; i++)
        {
            var (framework, field, level) = SkillLevels[i];
            if (framework.Length == 0 && field.Length == 0 && level.Length == 0)
            {
                continue;
            }

            if (!PublicText.TryParseCamel<SkillFramework>(framework, out var known) || !int.TryParse(level, out var parsed))
            {
                errors.Add(new FieldError($"skillLevels-{i}-level", "スキルレベルは、枠組み・分野・レベルをすべて選択してください。"));
                continue;
            }

            levelRows.Add(i);
            levels.Add(new SkillLevelClaim(known, field, parsed));
        }

        var experienceRows = new List<int>();
        var experiences = new List<ExperienceClaim>();
        for (var i = 0; i < Experiences.Count; i++)
        {
            var (kind, years, summary) = Experiences[i];
            if (kind.Length == 0 && years.Length == 0 && summary.Length == 0)
            {
                continue;
            }

            if (!PublicText.TryParseCamel<ExperienceKind>(kind, out var known))
            {
                errors.Add(new FieldError($"experiences-{i}-kind", "経験の種類を選択してください。"));
                continue;
            }

            if (!int.TryParse(years, out var parsedYears))
            {
                errors.Add(new FieldError($"experiences-{i}-years", "年数を半角数字で入力してください。"));
                continue;
            }

            experienceRows.Add(i);
            experiences.Add(new ExperienceClaim(known, parsedYears, summary));
        }

        var request = new ApplicationRequest(FullName, FullNameKana.Length == 0 ? null : FullNameKana, Email, Phone, Prefecture,
            Personas.ToList(), assessments, Qualifications.ToList(), levels, experiences, null, Listing ?? ListingTier.NotListed);
        if (Listing is null)
        {
            errors.Add(new FieldError("listing", "人材リストへの掲載について、選択肢から選んでください。"));
        }

        // The validator names list items by position in the request; the form names them by row and skill.
        string FieldOf(string apiField)
        {
            var bracket = apiField.IndexOf('[', StringComparison.Ordinal);
            if (bracket < 0)
            {
                return apiField;
            }

            var list = apiField[..bracket];
            var close = apiField.IndexOf(']', bracket);
            var index = int.TryParse(apiField[(bracket + 1)..close], out var n) ? n : -1;
            var rest = apiField[(close + 1)..].TrimStart('.');
            return list switch
            {
                "selfAssessments" when index >= 0 && index < assessed.Count => "assess-" + assessed[index],
                "skillLevels" when index >= 0 && index < levelRows.Count => $"skillLevels-{levelRows[index]}-{(rest.Length == 0 ? "level" : rest)}",
                "experiences" when index >= 0 && index < experienceRows.Count => $"experiences-{experienceRows[index]}-{(rest.Length == 0 ? "kind" : rest)}",
                _ => list,
            };
        }

        return (request, errors, FieldOf);
    }

    private static List<(string, string, string)> Pad(IEnumerable<(string, string, string)> rows, int count)
    {
        var list = rows.Take(count).ToList();
        while (list.Count < count)
        {
            list.Add((string.Empty, string.Empty, string.Empty));
        }

        return list;
    }
}

/// <summary>応募フォーム (step 1 of 3): the form, empty, or filled again on the way back from the confirmation.</summary>
public sealed class ShowApplicationForm(RoundStore rounds, RoundStandards standards)
{
    [Function(nameof(ShowApplicationForm))]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "calls/{roundId}/apply")] HttpRequest request, string roundId)
    {
        var round = RoundIds.IsWellFormed(roundId) ? await rounds.GetAsync(roundId, request.HttpContext.RequestAborted) : null;
        return round is null || !round.Lifecycle.AcceptsApplications
            ? NotFoundPage.Render("この公募は応募を受け付けていません。", "応募期間をご確認ください。")
            : ApplicationFormView.Form(round, standards.PinnedBy(round), ApplicationFormValues.Empty, []);
    }
}

/// <summary>
/// Step 2 of 3: checks what was typed with the same rules as the API and shows it for confirmation, where the
/// résumé is attached; or shows the form again with every error named and every value kept.
/// </summary>
public sealed class ReviewApplicationForm(RoundStore rounds, RoundStandards standards)
{
    [Function(nameof(ReviewApplicationForm))]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "calls/{roundId}/apply")] HttpRequest request, string roundId)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var round = RoundIds.IsWellFormed(roundId) ? await rounds.GetAsync(roundId, cancellationToken) : null;
        if (round is null || !round.Lifecycle.AcceptsApplications)
        {
            return NotFoundPage.Render("この公募は応募を受け付けていません。", "応募期間をご確認ください。");
        }

        var standard = standards.PinnedBy(round);
        BodyLimits.Apply(request, nameof(ReviewApplicationForm));
        if (await PageForms.TryReadAsync(request) is not { } form)
        {
            return BodyLimits.WasExceeded(request)
                ? PageForms.TooLarge(request, $"/calls/{round.RoundId}/apply")
                : ApplicationFormView.Form(round, standard, ApplicationFormValues.Empty, [new FieldError("fullName", "送信内容を読み取れませんでした。もう一度入力してください。")]);
        }

        if (form["edit"].ToString() == "true" && TryReadRequest(form["application"].ToString()) is { } back)
        {
            return ApplicationFormView.Form(round, standard, ApplicationFormValues.From(back), []);
        }

        var values = ApplicationFormValues.From(form);
        var (apiRequest, errors, fieldOf) = values.ToRequest(round.PersonasSought, standard);
        errors.AddRange(ApplicationValidator.Validate(apiRequest.ToForm(), round.PersonasSought, standard).Select(e => e with { Field = fieldOf(e.Field) }));
        return errors.Count > 0
            ? ApplicationFormView.Form(round, standard, values, errors)
            : ApplicationFormView.Confirmation(round, standard, apiRequest, []);
    }

    private static ApplicationRequest? TryReadRequest(string json)
    {
        try
        {
            return json.Length is > 0 and <= BodyLimits.Json ? JsonSerializer.Deserialize<ApplicationRequest>(json, Json.Options) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// Step 3 of 3: the confirmation's form is the API's own multipart (the application as JSON, the résumé as a
/// file), so it is handed to the API's SubmitApplication function as it came; the page shows its answer. The
/// form's command id is the submission's Idempotency-Key: a double click or a browser's retry of the same
/// confirmation makes one application and shows the same receipt.
/// </summary>
public sealed class SubmitApplicationForm(RoundStore rounds, RoundStandards standards, SubmitApplication submitApi)
{
    [Function(nameof(SubmitApplicationForm))]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "calls/{roundId}/apply/submit")] HttpRequest request, string roundId)
    {
        BodyLimits.Apply(request, nameof(SubmitApplicationForm));
        var round = RoundIds.IsWellFormed(roundId) ? await rounds.GetAsync(roundId, request.HttpContext.RequestAborted) : null;
        if (round is null)
        {
            return NotFoundPage.Render("公募が見つかりません。", "アドレスをご確認ください。");
        }

        var form = await PageForms.TryReadAsync(request);
        var commandId = form?[ApplicationFormView.CommandIdField].ToString();
        var answer = await submitApi.SubmitFormAsync(request, roundId, string.IsNullOrEmpty(commandId) ? null : commandId) as JsonBodyResult;
        if (answer is { StatusCode: StatusCodes.Status201Created, Body: ApplicationReceipt receipt })
        {
            return ApplicationFormView.Completed(round, receipt);
        }

        if (answer is { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            return PageForms.TooLarge(request, $"/calls/{round.RoundId}/apply");
        }

        // Refused: show the confirmation again with the API's own Japanese messages.
        var errors = answer?.Body is Problem problem
            ? (problem.Errors?.SelectMany(e => e.Value.Select(m => new FieldError(e.Key, m))).ToList() is { Count: > 0 } named ? named : [new FieldError("resume", problem.Detail is null ? problem.Title : $"{problem.Title} {problem.Detail}")])
            : [new FieldError("resume", "応募を受け付けられませんでした。時間をおいてもう一度お試しください。")];
        ApplicationRequest? sent = null;
        try
        {
            sent = form is null ? null : JsonSerializer.Deserialize<ApplicationRequest>(form["application"].ToString(), Json.Options);
        }
        catch (JsonException)
        {
        }

        var standard = standards.PinnedBy(round);
        return sent is null
            ? ApplicationFormView.Form(round, standard, ApplicationFormValues.Empty, errors)
            : ApplicationFormView.Confirmation(round, standard, sent, errors);
    }
}
