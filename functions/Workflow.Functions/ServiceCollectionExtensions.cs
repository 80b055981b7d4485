using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Workflow.Functions;

public static class ServiceCollectionExtensions
{
    /// <summary>Everything the recruiting workflow needs, shared by the Azure Functions app and the local host.</summary>
    public static IServiceCollection AddRecruitingWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }
}
