using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Functions.Appoint;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Configuration;
using Workflow.Functions.Notifications;
using Workflow.Functions.Publish;
using Workflow.Functions.Rounds;
using Workflow.Functions.Storage;
using Workflow.Functions.Train;

namespace Workflow.Functions;

public static class ServiceCollectionExtensions
{
    /// <summary>Everything the recruiting workflow needs, shared by the Azure Functions app and the local host.</summary>
    public static IServiceCollection AddRecruitingWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => WorkflowStorage.FromConfiguration(configuration, sp.GetService<StorageRequestCounter>()));
        services.AddSingleton(_ => TaskHub.FromConfiguration(configuration));
        services.AddSingleton<RoundStore>();
        services.AddSingleton<RoundActions>();
        services.AddSingleton<BusinessLog>();
        services.AddSingleton<OrchestrationHistoryReader>();
        services.AddSingleton<ApplicationStore>();
        services.AddSingleton<ApplicantAccess>();
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<CertificateStore>();
        services.AddSingleton<MunicipalityStore>();
        services.AddSingleton<RosterStore>();
        services.AddSingleton<AppointmentStore>();
        return services;
    }
}
