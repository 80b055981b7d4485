using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Applications;
using Workflow.Domain.Panel;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Pages.Public;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Select;

public sealed record PanelAssignmentRequest(IReadOnlyList<PanelMember?>? Members);

public sealed record PanelMemberView(string Subject, string Name, string Reviewer);

public sealed record PanelView(string RoundId, IReadOnlyList<PanelMemberView> Members, int MinimumMembers, bool YouAreMember);

public sealed record ScoresRequest(IReadOnlyList<ItemScore?>? Items, string? Comment);

/// <summary>One member's scoring as shown to others: who (by the name the operator gave), the items and the comment.</summary>
public sealed record ScoresView(string Reviewer, string Name, Persona Persona, double Mean, IReadOnlyList<ItemScore> Items, string? Comment, DateTimeOffset ScoredAt);

/// <param name="Yours">The caller's own scoring, if a member has scored.</param>
/// <param name="Others">The other members' scorings: shown to a reviewer only after their own is in.</param>
/// <param name="Result">The panel's result, shown on the same terms as the others' scores.</param>
public sealed record PersonaScoresView(Persona Persona, string PersonaName, IReadOnlyList<SkillItemView> Items, ScoresView? Yours, IReadOnlyList<ScoresView>? Others, PanelResult? Result);

public sealed record SkillItemView(string Code, string Name, string Description, SkillKind Kind);

public sealed record ApplicationScoresView(string ApplicationId, IReadOnlyList<PersonaScoresView> Personas);

/// <summary>The panel's rules of <see cref="PanelRules"/>, and who sits on it, for the pages that explain them.</summary>
internal static class Panel
{
    public static string? RefuseAssignment(RoundRecord round) =>
        !round.Lifecycle.AcceptsPanelAssignment
            ? $"選定の確定後は選定委員を変更できません（現在の状態: {RoundStateMachine.DisplayName(round.State)}）。"
            : null;

    public static PanelMemberView View(PanelMember m) => new(m.Subject, m.Name, PanelStore.ReviewerLogName(m.Subject));

    /// <summary>The scores that count for one application: by current members without a standing conflict on it.</summary>
    public static (IReadOnlyList<ReviewerScores> Counted, int MembersWithoutConflict) Counting(
        IReadOnlyList<PanelMember> members, IReadOnlySet<string> conflicted, IEnumerable<ReviewerScores> scores)
    {
        // In the panel's own order, so that every view lists the members' scores the same way.
        var order = members.Select((m, i) => (Reviewer: PanelStore.ReviewerLogName(m.Subject), i)).ToDictionary(x => x.Reviewer, x => x.i, StringComparer.Ordinal);
        var eligible = order.Keys.Where(r => !conflicted.Contains(r)).ToHashSet(StringComparer.Ordinal);
        return (scores.Where(s => eligible.Contains(s.Reviewer)).OrderBy(s => order[s.Reviewer]).ToList(), eligible.Count);
    }

    /// <summary>A reviewer outside the round's panel may not score it nor read its scores or packs.</summary>
    public static JsonBodyResult? RefuseNonMember(IReadOnlyList<PanelMember> members, Actor actor) =>
        members.Any(m => m.Subject == actor.Subject) ? null
            : ApiResults.Problem(StatusCodes.Status403Forbidden, "この公募の選定委員に指名されていません。", "受託事業者に選定委員としての指名を依頼してください。");

    public static ScoresView View(ReviewerScores s, IReadOnlyList<PanelMember> members) =>
        new(s.Reviewer, members.FirstOrDefault(m => PanelStore.ReviewerLogName(m.Subject) == s.Reviewer)?.Name ?? "（指名解除された委員）",
            s.Persona, Math.Round(s.Mean, 2), s.Items, s.Comment, s.ScoredAt);
}

/// <summary>
/// The scores that count for one application (current members without a standing conflict on it) and how many
/// members may score it: what the result and the quorum are computed from, wherever they are shown or enforced.
/// </summary>
public sealed class PanelCounting(PanelStore panel, ConflictDeclarationStore declarations)
{
    public async Task<(IReadOnlyList<PanelMember> Members, IReadOnlyList<ReviewerScores> Counted, int MembersWithoutConflict)> ForApplicationAsync(
        string roundId, string applicationId, CancellationToken cancellationToken)
    {
        var members = await panel.MembersAsync(roundId, cancellationToken);
        var (counted, membersWithoutConflict) = Panel.Counting(members, await declarations.ConflictedOnAsync(applicationId, cancellationToken),
            await panel.ForApplicationAsync(roundId, applicationId, cancellationToken));
        return (members, counted, membersWithoutConflict);
    }

    /// <summary>
    /// The same counting for the one persona a decision is about, from point reads only: the members' standing
    /// declarations and their scores of that persona.
    /// </summary>
    public async Task<(IReadOnlyList<PanelMember> Members, IReadOnlyList<ReviewerScores> Counted, int MembersWithoutConflict)> ForPersonaAsync(
        string roundId, string applicationId, Persona persona, CancellationToken cancellationToken)
    {
        var members = await panel.MembersAsync(roundId, cancellationToken);
        var reviewers = members.Select(m => PanelStore.ReviewerLogName(m.Subject)).ToList();
        var conflicted = declarations.ConflictedAmongDeclarantsAsync(applicationId, reviewers, cancellationToken);
        var scores = panel.OfReviewersAsync(roundId, applicationId, persona, reviewers, cancellationToken);
        var (counted, membersWithoutConflict) = Panel.Counting(members, await conflicted, await scores);
        return (members, counted, membersWithoutConflict);
    }
}

/// <summary>The operator names the 選定委員会 of a round: at least three reviewers, by the id they sign in with.</summary>
public sealed class AssignPanel(AccessGate access, RoundStore rounds, PanelStore panel, BusinessLog log, TimeProvider clock, IdempotentRequests idempotency)
{
    [Function(nameof(AssignPanel))]
    [ApiOperation("選定委員会の委員を指名する", Body = typeof(PanelAssignmentRequest), Idempotent = true)]
    [ApiResponse(200, typeof(PanelView))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/rounds/{roundId}/panel")] HttpRequest request,
        string roundId)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(AssignPanel), AccessScope.Round(roundId));
        if (denied is not null)
        {
            return denied;
        }

        return await idempotency.RunAsync(request, $"{nameof(AssignPanel)}|{actor!.LogName}|{roundId}", async () =>
        {
            var cancellationToken = request.HttpContext.RequestAborted;
            var (body, error) = await RequestBody.ReadJsonAsync<PanelAssignmentRequest>(request);
            if (error is not null)
            {
                return error;
            }

            if (PanelRules.ValidateMembers(body!.Members) is { Count: > 0 } errors)
            {
                return ApiResults.Validation(errors);
            }

            var round = await rounds.GetAsync(roundId, cancellationToken);
            if (round is null)
            {
                return ApiResults.NotFound("公募ラウンド");
            }

            if (Panel.RefuseAssignment(round) is { } refusal)
            {
                return ApiResults.Conflict(refusal);
            }

            var members = body.Members!.Select(m => new PanelMember(m!.Subject.Trim(), ApplicationValidator.NormalizeText(m.Name))).ToList();
            var now = clock.GetUtcNow();
            await panel.AssignAsync(roundId, members, actor.LogName, now, cancellationToken);

            // Subjects are opaque ids, never names: the log says who sits on the panel without personal data.
            await log.WriteAsync(roundId, now, actor.LogName, BusinessLogActions.PanelAssigned, null,
                string.Join(',', members.Select(m => PanelStore.ReviewerLogName(m.Subject))), cancellationToken: cancellationToken);
            return ApiResults.Ok(new PanelView(roundId, members.Select(Panel.View).ToList(), PanelRules.MinimumMembers, false));
        });
    }
}

/// <summary>Who sits on a round's panel; a reviewer also learns whether they do.</summary>
public sealed class GetPanel(AccessGate access, RoundStore rounds, PanelStore panel)
{
    [Function(nameof(GetPanel))]
    [ApiOperation("選定委員会の委員")]
    [ApiResponse(200, typeof(PanelView))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/rounds/{roundId}/panel")] HttpRequest request,
        string roundId)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(GetPanel), AccessScope.Round(roundId));
        if (denied is not null)
        {
            return denied;
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        if (await rounds.GetAsync(roundId, cancellationToken) is null)
        {
            return ApiResults.NotFound("公募ラウンド");
        }

        var members = await panel.MembersAsync(roundId, cancellationToken);
        return ApiResults.Ok(new PanelView(roundId, members.Select(Panel.View).ToList(), PanelRules.MinimumMembers,
            actor!.Role == ActorRole.Reviewer && members.Any(m => m.Subject == actor.Subject)));
    }
}

/// <summary>
/// A member of the panel scores one application for one persona it was screened eligible for: every skill item of
/// that persona, on the standard's level scale. Independent: nothing of the others' scores is shown before.
/// </summary>
public sealed class RecordScores(AccessGate access, RoundStore rounds, RoundStandards standards, ApplicationStore applications, ConflictDeclarationStore declarations, PanelStore panel, BusinessLog log, TimeProvider clock, IdempotentRequests idempotency)
{
    [Function(nameof(RecordScores))]
    [ApiOperation("人材像ごとの採点を記録する", Body = typeof(ScoresRequest), Idempotent = true)]
    [ApiResponse(200, typeof(ScoresView))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/rounds/{roundId}/applications/{applicationId}/scores/{persona}")] HttpRequest request,
        string roundId,
        string applicationId,
        string persona)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(RecordScores), new AccessScope(RoundId: roundId, ApplicationId: applicationId));
        if (denied is not null)
        {
            return denied;
        }

        if (!PublicText.TryParseCamel<Persona>(persona, out var scoredPersona))
        {
            return ApiResults.NotFound("人材像");
        }

        return await idempotency.RunAsync(request, $"{nameof(RecordScores)}|{actor!.LogName}|{applicationId}|{scoredPersona}", async () =>
        {
            var cancellationToken = request.HttpContext.RequestAborted;
            var (body, error) = await RequestBody.ReadJsonAsync<ScoresRequest>(request);
            if (error is not null)
            {
                return error;
            }

            var round = await rounds.GetAsync(roundId, cancellationToken);
            if (round is null)
            {
                return ApiResults.NotFound("応募");
            }

            // The items are those of the standard the round pinned, whatever version is current.
            var profile = standards.PinnedBy(round).For(scoredPersona);
            var comment = string.IsNullOrWhiteSpace(body!.Comment) ? null : ApplicationValidator.NormalizeText(body.Comment);
            if (PanelRules.ValidateScores(profile, body.Items, comment) is { Count: > 0 } errors)
            {
                return ApiResults.Validation(errors);
            }

            var application = await applications.GetAsync(applicationId, cancellationToken);
            if (application is null || application.RoundId != roundId)
            {
                return ApiResults.NotFound("応募");
            }

            if (!round.Lifecycle.AcceptsPanelDecisions)
            {
                return ApiResults.Conflict("現在は採点できません。", round.Lifecycle.Closing is { } closing
                    ? $"選定は{RoundLifecycle.DisplayName(closing.Command)}により締め切られました。"
                    : $"採点できるのは「{RoundStateMachine.DisplayName(RoundState.PanelReview)}」の段階だけです。現在の状態: {RoundStateMachine.DisplayName(round.State)}");
            }

            var members = await panel.MembersAsync(roundId, cancellationToken);
            if (Panel.RefuseNonMember(members, actor) is { } outsider)
            {
                return outsider;
            }

            var lifecycle = application.Lifecycle;
            if (lifecycle.RefuseDecision() is { } refusal)
            {
                return ApiResults.Conflict(refusal.Title, refusal.Detail);
            }

            if (lifecycle.RefusePersona(scoredPersona, out _) is { } wrongPersona)
            {
                return ApiResults.Conflict(wrongPersona);
            }

            if (await declarations.RequireNoConflictAsync(actor, applicationId, cancellationToken) is { } conflict)
            {
                return conflict;
            }

            var now = clock.GetUtcNow();
            var items = body.Items!.Select(i => i! with { Reason = string.IsNullOrWhiteSpace(i.Reason) ? null : ApplicationValidator.NormalizeText(i.Reason) })
                .OrderBy(i => profile.AllSkills.ToList().FindIndex(s => s.Code == i.Code)).ToList();
            var scores = new ReviewerScores(actor.LogName, scoredPersona, items, comment, now);
            await panel.RecordScoresAsync(roundId, applicationId, scores, cancellationToken);

            // Levels only: the reasons are the reviewer's words about a person and stay with the application.
            await log.WriteAsync(roundId, now, actor.LogName, BusinessLogActions.ScoresRecorded, applicationId,
                $"{scoredPersona}:" + string.Join(',', items.Select(i => $"{i.Code}={i.Level}")), cancellationToken: cancellationToken);
            return ApiResults.Ok(Panel.View(scores, members));
        });
    }
}

/// <summary>
/// The scores of one application. A reviewer sees their own, and the others' and the result only for a persona they
/// have scored themselves (so that nobody anchors on another's view); the operator, the ministry and auditors see all.
/// </summary>
public sealed class GetScores(AccessGate access, RoundStore rounds, RoundStandards standards, ApplicationStore applications, ConflictDeclarationStore declarations, PanelCounting counting)
{
    [Function(nameof(GetScores))]
    [ApiOperation("応募の採点（委員ごと）")]
    [ApiResponse(200, typeof(ApplicationScoresView))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/rounds/{roundId}/applications/{applicationId}/scores")] HttpRequest request,
        string roundId,
        string applicationId)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(GetScores), new AccessScope(RoundId: roundId, ApplicationId: applicationId));
        if (denied is not null)
        {
            return denied;
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        var round = await rounds.GetAsync(roundId, cancellationToken);
        var application = await applications.GetAsync(applicationId, cancellationToken);
        if (round is null || application is null || application.RoundId != roundId)
        {
            return ApiResults.NotFound("応募");
        }

        var (members, counted, membersWithoutConflict) = await counting.ForApplicationAsync(roundId, applicationId, cancellationToken);
        var reviewer = actor!.Role == ActorRole.Reviewer;
        if (reviewer)
        {
            if (Panel.RefuseNonMember(members, actor) is { } outsider)
            {
                return outsider;
            }

            if (await declarations.RequireNoConflictAsync(actor, applicationId, cancellationToken) is { } conflict)
            {
                return conflict;
            }
        }

        var personas = application.Lifecycle.EligiblePersonas.Select(p =>
        {
            var profile = standards.PinnedBy(round).For(p);
            var own = counted.FirstOrDefault(s => s.Persona == p && s.Reviewer == actor.LogName);
            var mayCompare = !reviewer || own is not null;
            return new PersonaScoresView(p, profile.Name,
                profile.AllSkills.Select(s => new SkillItemView(s.Code, s.Name, s.Description, s.Kind)).ToList(),
                own is null ? null : Panel.View(own, members),
                mayCompare ? counted.Where(s => s.Persona == p && s.Reviewer != actor.LogName).Select(s => Panel.View(s, members)).ToList() : null,
                mayCompare ? PanelRules.Aggregate(p, counted, membersWithoutConflict) : null);
        }).ToList();
        return ApiResults.Ok(new ApplicationScoresView(applicationId, personas));
    }
}

/// <summary>A member's mean on one row of the overview.</summary>
public sealed record ReviewerMeanView(string Name, double Mean);

/// <summary>One application and persona on the panel's overview: ids and numbers only, no one's name.</summary>
public sealed record PanelRowView(
    string ApplicationId,
    Persona Persona,
    ApplicationStatus Status,
    PanelResult Result,
    IReadOnlyList<ReviewerMeanView> Reviewers,
    PanelDecision? Decision,
    string? DecisionReason,
    IReadOnlyList<string>? Conflicted = null);

/// <summary>How many rows of one persona have a mean in [From, To): the round's distribution, for a chart.</summary>
public sealed record DistributionBucket(Persona Persona, double From, double To, int Count);

public sealed record PanelOverview(
    string RoundId,
    IReadOnlyList<PanelMemberView> Members,
    IReadOnlyList<PanelRowView> Rows,
    IReadOnlyList<DistributionBucket> Distribution,
    int MinimumMembers,
    double MeanSpreadToDiscuss,
    int ItemSpreadToDiscuss);

/// <summary>
/// The operator's view of the whole panel: every eligible application and persona with its scores side by side, the
/// quorum, the flags for discussion and the decision recorded, and the distribution of the round's means.
/// </summary>
public sealed class GetPanelOverview(AccessGate access, RoundStore rounds, ApplicationStore applications, ConflictDeclarationStore declarations, PanelStore panel)
{
    /// <summary>Half a level wide, over the scale 1..4.</summary>
    public const double BucketWidth = 0.5;

    [Function(nameof(GetPanelOverview))]
    [ApiOperation("選定委員会の採点の概要")]
    [ApiResponse(200, typeof(PanelOverview))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/rounds/{roundId}/panel/overview")] HttpRequest request,
        string roundId)
    {
        var (_, denied) = await access.AuthorizeAsync(request, nameof(GetPanelOverview), AccessScope.Round(roundId));
        if (denied is not null)
        {
            return denied;
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        if (await rounds.GetAsync(roundId, cancellationToken) is null)
        {
            return ApiResults.NotFound("公募ラウンド");
        }

        var members = await panel.MembersAsync(roundId, cancellationToken);
        var scores = await panel.ForRoundAsync(roundId, cancellationToken);
        var conflicts = await declarations.ConflictsInRoundAsync(roundId, cancellationToken);
        var rows = new List<PanelRowView>();
        foreach (var application in await applications.ForPanelOverviewAsync(roundId, cancellationToken))
        {
            var lifecycle = application.Lifecycle;
            if (lifecycle.IsWithdrawn)
            {
                continue;
            }

            var conflicted = conflicts.GetValueOrDefault(application.RowKey) ?? new HashSet<string>();
            var (counted, membersWithoutConflict) = Panel.Counting(members, conflicted, scores[application.RowKey]);

            // Which members stand aside on this application, by the name the operator gave them: a blank is then not
            // mistaken for a member who has yet to score.
            var standingAside = members.Where(m => conflicted.Contains(PanelStore.ReviewerLogName(m.Subject))).Select(m => m.Name).ToList();
            foreach (var persona in lifecycle.EligiblePersonas)
            {
                var decision = lifecycle.Decisions.FirstOrDefault(d => d.Persona == persona);
                rows.Add(new PanelRowView(application.RowKey, persona, lifecycle.Status, PanelRules.Aggregate(persona, counted, membersWithoutConflict),
                    counted.Where(s => s.Persona == persona).Select(s => Panel.View(s, members)).Select(v => new ReviewerMeanView(v.Name, v.Mean)).ToList(),
                    decision?.Decision, decision?.Reason, standingAside));
            }
        }

        return ApiResults.Ok(new PanelOverview(roundId, members.Select(Panel.View).ToList(), rows, Distribution(rows),
            PanelRules.MinimumMembers, PanelRules.MeanSpreadToDiscuss, PanelRules.ItemSpreadToDiscuss));
    }

    /// <summary>Every persona's buckets, empty ones included, so a chart shows the whole scale.</summary>
    public static IReadOnlyList<DistributionBucket> Distribution(IReadOnlyList<PanelRowView> rows)
    {
        var buckets = new List<DistributionBucket>();
        foreach (var persona in rows.Select(r => r.Persona).Distinct().Order())
        {
            for (var from = (double)SelfAssessmentScale.Min; from < SelfAssessmentScale.Max; from += BucketWidth)
            {
                var to = from + BucketWidth;
                var last = to >= SelfAssessmentScale.Max;
                buckets.Add(new DistributionBucket(persona, from, to, rows.Count(r => r.Persona == persona && r.Result.Mean is { } mean
                    && mean >= from && (mean < to || (last && mean <= to)))));
            }
        }

        return buckets;
    }
}
