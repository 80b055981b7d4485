// The generated client's answers the driver reads most; their enums are the API's own values, read here as the
// domain's enums (same names) where the driver compares them with the domain's order of states.
global using RoundView = WorkflowApi.Models.RoundView;
using Workflow.Domain.Rounds;

namespace Workflow.Demo;

public static class ApiViews
{
    public static RoundState StateOf(this RoundView view) => Domain<RoundState>(view.State, "state");

    /// <summary>A domain enum value as the API's enum of the same name, for a request.</summary>
    public static TApi Api<TApi>(Enum value)
        where TApi : struct, Enum => Enum.Parse<TApi>(value.ToString(), ignoreCase: false);

    /// <summary>The demo's planned schedule (the domain's dates) as the API's request shape.</summary>
    public static WorkflowApi.Models.RoundSchedule Api(RoundSchedule schedule) => new()
    {
        AcceptCommissionBy = schedule.AcceptCommissionBy,
        ApplicationOpensAt = schedule.ApplicationOpensAt,
        ApplicationClosesAt = schedule.ApplicationClosesAt,
        SelectionDeadline = schedule.SelectionDeadline,
        TrainingSessions = [.. schedule.TrainingSessions.Select(s => new WorkflowApi.Models.TrainingSession { Number = s.Number, Module = s.Module, StartsAt = s.StartsAt })],
        PublicationDate = schedule.PublicationDate,
        AppointmentClosesAt = schedule.AppointmentClosesAt,
    };

    /// <summary>An enum value of the API as the domain's enum of the same name.</summary>
    public static TDomain Domain<TDomain>(Enum? value, string what)
        where TDomain : struct, Enum =>
        value is null
            ? throw new ApiException($"The API's answer has no {what}.", 200, null)
            : Enum.Parse<TDomain>(value.ToString(), ignoreCase: false);
}
