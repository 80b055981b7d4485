using Workflow.Domain.Screening;
using Workflow.Domain.SkillStandard;

namespace Workflow.Domain.Applications;

/// <summary>Where one application is, from submission to the training's result.</summary>
public enum ApplicationStatus { Submitted, Eligible, Ineligible, Selected, NotSelected, Certified, NotCertified, Withdrawn }

public enum PanelDecision { Selected, NotSelected }

/// <summary>A transition that is not allowed now, with the reason shown to the person who asked (Japanese).</summary>
public sealed record ApplicationRefusal(string Title, string? Detail = null);

/// <summary>The panel's decision on one persona the application was screened eligible for, and who recorded it.</summary>
public sealed record PersonaDecision(Persona Persona, PanelDecision Decision, string? Reason, string DecidedBy, DateTimeOffset DecidedAt);

/// <summary>The outcome for one persona applied for, with the reason the applicant reads (Japanese).</summary>
public sealed record PersonaOutcome(Persona Persona, bool Selected, string Reason);

/// <summary>
/// The outcome of the selection as told to the applicant: stored and notified from this one value. The status is
/// Selected when at least one persona was; what the person may be trained, listed and appointed as is
/// <see cref="PerPersona"/>.
/// </summary>
public sealed record SelectionOutcome(ApplicationStatus Status, string Reason, IReadOnlyList<PersonaOutcome> PerPersona)
{
    public IEnumerable<Persona> SelectedPersonas => PerPersona.Where(o => o.Selected).Select(o => o.Persona);
}

/// <summary>
/// One application's lifecycle: which transition is allowed from which state. Stores load it, ask it, and write
/// its answer conditionally on what they read, so a transition decided on a stale row never lands.
/// Submitted → Eligible | Ineligible (screening) → Selected | NotSelected (conclusion) → Certified | NotCertified
/// (training); Withdrawn from any state before the outcome. Screening, the panel's decisions and the outcome are
/// per persona: a person is selected as a persona, never just "selected".
/// </summary>
public sealed record ApplicationLifecycle(
    ApplicationStatus Status,
    ApplicationScreening? Screening,
    IReadOnlyList<PersonaDecision> Decisions,
    IReadOnlyList<PersonaOutcome> Outcomes)
{
    public const string IneligibleReason = "応募したいずれの人材像についても、スキル標準に基づく要件（望ましいスキルレベル・資格、望ましい経験）を満たしていませんでした。";
    public const string NoDecisionReason = "選定期限までに選定委員会の決定がありませんでした。";
    public const string SelectedByPanel = "選定委員会で選定されました。";
    public const string NotSelectedByPanel = "選定委員会で選定されませんでした。";
    public const string NoneSelectedReason = "応募したいずれの人材像でも選定されませんでした。";

    public bool? Eligible => Screening?.Eligible;

    public IReadOnlyList<Persona> EligiblePersonas => Screening?.PerPersona.Where(r => r.Eligible).Select(r => r.Persona).ToList() ?? [];

    public IReadOnlyList<Persona> SelectedPersonas => Outcomes.Where(o => o.Selected).Select(o => o.Persona).ToList();

    public bool IsConcluded => Status is ApplicationStatus.Selected or ApplicationStatus.NotSelected
        or ApplicationStatus.Certified or ApplicationStatus.NotCertified;

    public bool IsWithdrawn => Status == ApplicationStatus.Withdrawn;

    /// <summary>The status screening gives, or null when screening must not touch it (concluded or withdrawn).</summary>
    public ApplicationStatus? Screen(bool eligible) =>
        IsConcluded || IsWithdrawn ? null : eligible ? ApplicationStatus.Eligible : ApplicationStatus.Ineligible;

    public ApplicationRefusal? RefuseDecision()
    {
        if (IsWithdrawn)
        {
            return new ApplicationRefusal("この応募は取り下げられました。");
        }

        if (IsConcluded)
        {
            return new ApplicationRefusal("この応募の選定結果は既に確定し、通知されています。", "確定後に決定を変更することはできません。");
        }

        return Eligible == true ? null : new ApplicationRefusal("この応募は書類選考の要件を満たしていないため、決定を記録できません。");
    }

    /// <summary>
    /// The persona a decision is for: the one asked for if the application was screened eligible for it, or the only
    /// eligible one when none is named. Otherwise a message for the request's "persona" field.
    /// </summary>
    public string? RefusePersona(Persona? requested, out Persona persona)
    {
        var eligible = EligiblePersonas;
        persona = requested ?? (eligible.Count == 1 ? eligible[0] : default);
        if (requested is null)
        {
            return eligible.Count == 1 ? null : "どの人材像についての決定か（persona）を指定してください。";
        }

        return eligible.Contains(requested.Value) ? null
            : Screening?.PerPersona.Any(r => r.Persona == requested) == true
                ? "この人材像は書類選考の要件を満たしていないため、決定を記録できません。"
                : "この応募で希望されていない人材像です。";
    }

    /// <summary>The decisions with <paramref name="decision"/> in place of any earlier one on its persona.</summary>
    public IReadOnlyList<PersonaDecision> WithDecision(PersonaDecision decision) =>
        [.. Decisions.Where(d => d.Persona != decision.Persona), decision];

    /// <summary>The decisions without those of someone who has since declared a conflict of interest.</summary>
    public IReadOnlyList<PersonaDecision> WithoutDecisionsBy(string declarant) =>
        Decisions.Where(d => !string.Equals(d.DecidedBy, declarant, StringComparison.Ordinal)).ToList();

    /// <summary>
    /// The outcome the conclusion records and tells: the stored one if already concluded, null for a withdrawal
    /// (nobody to tell), otherwise per persona from screening and the panel's decision on that persona.
    /// </summary>
    public SelectionOutcome? Conclude(ApplicationScreening? screening, string? storedReason)
    {
        if (IsWithdrawn)
        {
            return null;
        }

        if (IsConcluded)
        {
            return new SelectionOutcome(Status, storedReason ?? string.Empty, Outcomes);
        }

        ArgumentNullException.ThrowIfNull(screening);

        var perPersona = screening.PerPersona.Select(r => r.Eligible
            ? Decisions.FirstOrDefault(d => d.Persona == r.Persona) switch
            {
                { Decision: PanelDecision.Selected } d => new PersonaOutcome(r.Persona, true, d.Reason ?? SelectedByPanel),
                { Decision: PanelDecision.NotSelected } d => new PersonaOutcome(r.Persona, false, d.Reason ?? NotSelectedByPanel),
                _ => new PersonaOutcome(r.Persona, false, NoDecisionReason),
            }
            : new PersonaOutcome(r.Persona, false, string.Concat(r.Reasons))).ToList();

        var selected = perPersona.Where(o => o.Selected).Select(o => SkillStandardCatalog.DisplayName(o.Persona)).ToList();
        if (selected.Count > 0)
        {
            return new SelectionOutcome(ApplicationStatus.Selected, $"{string.Join("、", selected)}として選定されました。", perPersona);
        }

        var reason = !screening.Eligible && perPersona.Count != 1 ? IneligibleReason
            : perPersona.Count == 1 ? perPersona[0].Reason
            : NoneSelectedReason;
        return new SelectionOutcome(ApplicationStatus.NotSelected, reason, perPersona);
    }

    public ApplicationRefusal? RefuseWithdrawal() => IsWithdrawn ? null
        : IsConcluded ? new ApplicationRefusal("選定結果の確定後は取り下げできません。", "個人情報の削除は総務省にお問い合わせください。")
        : null;

    /// <summary>
    /// Whether the person may change who sees them on the roster. Before the outcome the choice waits for it (and a
    /// refusal must not hint at screening); once it is known that the person will never be listed, there is nothing
    /// for a choice to act on.
    /// </summary>
    public ApplicationRefusal? RefuseListingChange() => Status switch
    {
        ApplicationStatus.Withdrawn => new ApplicationRefusal("取り下げた応募の掲載設定は変更できません。"),
        ApplicationStatus.NotSelected or ApplicationStatus.NotCertified => new ApplicationRefusal(
            "この応募は人材リストに掲載されないため、掲載設定はありません。", "人材リストに掲載されるのは、選定され研修を修了した方です。"),
        _ => null,
    };

    /// <summary>Only someone certified is on the roster, and only under the personas they were selected as.</summary>
    public bool IsListable => Status == ApplicationStatus.Certified;

    public ApplicationRefusal? RefuseAttendance() =>
        Status == ApplicationStatus.Selected ? null : new ApplicationRefusal("研修の対象者（選定された人）ではありません。");

    /// <summary>The training's result for someone selected, or null for anyone else (not trained by this round).</summary>
    public ApplicationStatus? Certify(bool attendedEverySession) =>
        Status is ApplicationStatus.Selected or ApplicationStatus.Certified or ApplicationStatus.NotCertified
            ? attendedEverySession ? ApplicationStatus.Certified : ApplicationStatus.NotCertified
            : null;
}
