using Workflow.Functions.Appoint;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Tests.Support;

/// <summary>The appointment limit as the functions read it: the ministry's row in storage, else this deployment default.</summary>
public static class TestPolicies
{
    public static AppointmentLimits Limits(WorkflowStorage storage, int defaultMaxDaysPerWeek = 5) => new(storage, new AppointmentPolicy(defaultMaxDaysPerWeek));
}
