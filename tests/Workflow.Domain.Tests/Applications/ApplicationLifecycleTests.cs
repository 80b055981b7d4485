using Workflow.Domain.Applications;
using Workflow.Domain.Screening;
using Workflow.Domain.SkillStandard;

namespace Workflow.Domain.Tests.Applications;

public sealed class ApplicationLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 1, 9, 0, 0, TimeSpan.FromHours(9));

    /// <summary>Screened: eligible for the personas given, ineligible (with a rule's reason) for the others applied for.</summary>
    private static ApplicationScreening Screened(Persona[] applied, params Persona[] eligible) =>
        new(eligible.Length > 0, applied.Select(p => new ScreeningResult(p, eligible.Contains(p),
            eligible.Contains(p) ? ["満たしています。"] : [$"{SkillStandardCatalog.DisplayName(p)}の望ましい要件を満たしていません。", "望ましい経験が確認できません。"])).ToList());

    private static PersonaDecision Decided(Persona persona, PanelDecision decision, string? reason = null, string by = "reviewer-a") =>
        new(persona, decision, reason, by, Now);

    private static ApplicationLifecycle At(ApplicationStatus status, ApplicationScreening? screening = null, IReadOnlyList<PersonaDecision>? decisions = null, IReadOnlyList<PersonaOutcome>? outcomes = null) =>
        new(status, screening, decisions ?? [], outcomes ?? []);

    private static readonly Persona[] ProducerAndEngineer = [Persona.Producer, Persona.Engineer];

    [Theory]
    [InlineData(ApplicationStatus.Submitted, true, ApplicationStatus.Eligible)]
    [InlineData(ApplicationStatus.Eligible, false, ApplicationStatus.Ineligible)]
    [InlineData(ApplicationStatus.Ineligible, true, ApplicationStatus.Eligible)]
    public void Screening_sets_eligibility_before_the_outcome(ApplicationStatus from, bool eligible, ApplicationStatus to)
    {
        Assert.Equal(to, At(from).Screen(eligible));
    }

    [Theory]
    [InlineData(ApplicationStatus.Selected)]
    [InlineData(ApplicationStatus.NotSelected)]
    [InlineData(ApplicationStatus.Certified)]
    [InlineData(ApplicationStatus.Withdrawn)]
    public void Screening_never_touches_an_outcome_or_a_withdrawal(ApplicationStatus status)
    {
        Assert.Null(At(status).Screen(true));
    }

    [Fact]
    public void A_decision_needs_an_eligible_application_without_an_outcome()
    {
        Assert.Null(At(ApplicationStatus.Eligible, Screened([Persona.Engineer], Persona.Engineer)).RefuseDecision());
        Assert.Equal("この応募は書類選考の要件を満たしていないため、決定を記録できません。", At(ApplicationStatus.Ineligible, Screened([Persona.Engineer])).RefuseDecision()!.Title);
        Assert.Equal("この応募の選定結果は既に確定し、通知されています。", At(ApplicationStatus.NotSelected, Screened([Persona.Engineer], Persona.Engineer)).RefuseDecision()!.Title);
        Assert.Equal("この応募は取り下げられました。", At(ApplicationStatus.Withdrawn, Screened([Persona.Engineer], Persona.Engineer)).RefuseDecision()!.Title);
    }

    [Fact]
    public void A_decision_is_on_a_persona_the_application_was_screened_eligible_for()
    {
        var one = At(ApplicationStatus.Eligible, Screened(ProducerAndEngineer, Persona.Engineer));
        Assert.Null(one.RefusePersona(null, out var implied));
        Assert.Equal(Persona.Engineer, implied);
        Assert.Equal("この人材像は書類選考の要件を満たしていないため、決定を記録できません。", one.RefusePersona(Persona.Producer, out _));
        Assert.Equal("この応募で希望されていない人材像です。", one.RefusePersona(Persona.ServiceDesigner, out _));

        var both = At(ApplicationStatus.Eligible, Screened(ProducerAndEngineer, ProducerAndEngineer));
        Assert.Equal("どの人材像についての決定か（persona）を指定してください。", both.RefusePersona(null, out _));
        Assert.Null(both.RefusePersona(Persona.Producer, out var named));
        Assert.Equal(Persona.Producer, named);
    }

    [Fact]
    public void A_later_decision_on_a_persona_replaces_the_earlier_one_and_a_conflict_takes_back_only_the_declarants()
    {
        var lifecycle = At(ApplicationStatus.Eligible, Screened(ProducerAndEngineer, ProducerAndEngineer),
            [Decided(Persona.Producer, PanelDecision.Selected, by: "reviewer-a"), Decided(Persona.Engineer, PanelDecision.NotSelected, "理由", by: "reviewer-b")]);

        var changed = lifecycle.WithDecision(Decided(Persona.Producer, PanelDecision.NotSelected, "再検討", by: "reviewer-c"));
        Assert.Equal(2, changed.Count);
        Assert.Equal(PanelDecision.NotSelected, changed.Single(d => d.Persona == Persona.Producer).Decision);

        Assert.Equal([Persona.Engineer], lifecycle.WithoutDecisionsBy("reviewer-a").Select(d => d.Persona));
    }

    [Fact]
    public void The_outcome_is_per_persona_and_selects_only_as_a_persona_that_was_eligible_and_chosen()
    {
        var screening = Screened(ProducerAndEngineer, Persona.Engineer);

        // A producer decision cannot exist for an ineligible persona; even if one were stored it would not select.
        var outcome = At(ApplicationStatus.Eligible, screening,
            [Decided(Persona.Engineer, PanelDecision.Selected), Decided(Persona.Producer, PanelDecision.Selected)]).Conclude(screening, null)!;

        Assert.Equal(ApplicationStatus.Selected, outcome.Status);
        Assert.Equal([Persona.Engineer], outcome.SelectedPersonas);
        Assert.Equal("エンジニアとして選定されました。", outcome.Reason);
        var producer = outcome.PerPersona.Single(o => o.Persona == Persona.Producer);
        Assert.False(producer.Selected);
        Assert.Contains("望ましい経験が確認できません。", producer.Reason, StringComparison.Ordinal);
        Assert.Equal(ApplicationLifecycle.SelectedByPanel, outcome.PerPersona.Single(o => o.Persona == Persona.Engineer).Reason);
    }

    [Fact]
    public void Not_selected_says_why_per_persona_and_in_one_sentence_overall()
    {
        var single = Screened([Persona.Engineer], Persona.Engineer);
        Assert.Equal("経験が不足", At(ApplicationStatus.Eligible, single, [Decided(Persona.Engineer, PanelDecision.NotSelected, "経験が不足")]).Conclude(single, null)!.Reason);
        Assert.Equal(ApplicationLifecycle.NoDecisionReason, At(ApplicationStatus.Eligible, single).Conclude(single, null)!.Reason);

        // One persona, ineligible: the rule that failed, not a generic sentence.
        var failed = Screened([Persona.Engineer]);
        Assert.Equal("エンジニアの望ましい要件を満たしていません。望ましい経験が確認できません。", At(ApplicationStatus.Ineligible, failed).Conclude(failed, null)!.Reason);

        var both = Screened(ProducerAndEngineer);
        var none = At(ApplicationStatus.Ineligible, both).Conclude(both, null)!;
        Assert.Equal(ApplicationStatus.NotSelected, none.Status);
        Assert.Equal(ApplicationLifecycle.IneligibleReason, none.Reason);
        Assert.All(none.PerPersona, o => Assert.StartsWith(SkillStandardCatalog.DisplayName(o.Persona), o.Reason, StringComparison.Ordinal));

        var eligibleBoth = Screened(ProducerAndEngineer, ProducerAndEngineer);
        var notChosen = At(ApplicationStatus.Eligible, eligibleBoth, [Decided(Persona.Producer, PanelDecision.NotSelected, "他を優先")]).Conclude(eligibleBoth, null)!;
        Assert.Equal(ApplicationLifecycle.NoneSelectedReason, notChosen.Reason);
        Assert.Equal(["他を優先", ApplicationLifecycle.NoDecisionReason], notChosen.PerPersona.Select(o => o.Reason));
    }

    [Fact]
    public void An_outcome_already_told_is_kept_and_a_withdrawal_has_none()
    {
        var screening = Screened([Persona.Engineer], Persona.Engineer);
        PersonaOutcome[] told = [new(Persona.Engineer, false, "told")];
        var kept = At(ApplicationStatus.NotSelected, screening, [Decided(Persona.Engineer, PanelDecision.Selected)], told).Conclude(screening, "told")!;
        Assert.Equal(ApplicationStatus.NotSelected, kept.Status);
        Assert.Equal("told", kept.Reason);
        Assert.Equal(told, kept.PerPersona);
        Assert.Null(At(ApplicationStatus.Withdrawn, screening, [Decided(Persona.Engineer, PanelDecision.Selected)]).Conclude(screening, null));
    }

    [Fact]
    public void Withdrawal_is_possible_until_the_outcome_and_repeating_it_is_harmless()
    {
        Assert.Null(At(ApplicationStatus.Eligible).RefuseWithdrawal());
        Assert.Null(At(ApplicationStatus.Withdrawn).RefuseWithdrawal());
        Assert.NotNull(At(ApplicationStatus.Selected).RefuseWithdrawal());
    }

    [Fact]
    public void Only_selected_people_are_trained_and_certified()
    {
        Assert.Null(At(ApplicationStatus.Selected).RefuseAttendance());
        Assert.NotNull(At(ApplicationStatus.NotSelected).RefuseAttendance());
        Assert.Equal(ApplicationStatus.Certified, At(ApplicationStatus.Selected).Certify(true));
        Assert.Equal(ApplicationStatus.NotCertified, At(ApplicationStatus.Selected).Certify(false));
        Assert.Null(At(ApplicationStatus.NotSelected).Certify(true));
        Assert.Null(At(ApplicationStatus.Withdrawn).Certify(true));
    }
}
