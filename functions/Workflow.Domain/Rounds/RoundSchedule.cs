using Workflow.Domain.SkillStandard;

namespace Workflow.Domain.Rounds;

/// <param name="Number">1-based, the 第N回 shown to trainees.</param>
/// <param name="Module">The <see cref="Training.CurriculumModule.Number"/> taught in this session.</param>
public sealed record TrainingSession(int Number, int Module, DateTimeOffset StartsAt);

/// <summary>The dates of one round, in the order of the seed's steps ①–⑦.</summary>
/// <param name="AcceptCommissionBy">By when the 民間事業者 must accept ①委託.</param>
/// <param name="PublicationDate">⑥ホームページ等に掲載、自治体に周知.</param>
/// <param name="AppointmentClosesAt">End of the window in which municipalities report ⑦任用.</param>
public sealed record RoundSchedule(
    DateTimeOffset AcceptCommissionBy,
    DateTimeOffset ApplicationOpensAt,
    DateTimeOffset ApplicationClosesAt,
    DateTimeOffset SelectionDeadline,
    IReadOnlyList<TrainingSession> TrainingSessions,
    DateTimeOffset PublicationDate,
    DateTimeOffset AppointmentClosesAt);

/// <summary>How many people of one persona a round seeks.</summary>
public sealed record PersonaOpening(Persona Persona, int HeadCount);
