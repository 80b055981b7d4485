using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Functions.Configuration;

namespace Workflow.Functions.Notifications;

public static class MailServiceCollectionExtensions
{
    /// <summary>The outbox, its dispatcher and the transport the settings name: SMTP locally, Graph in Azure (ADR 0013).</summary>
    public static IServiceCollection AddNoticeMail(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = MailSettings.FromConfiguration(configuration);
        services.AddSingleton(settings);
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<MailRecipients>();
        services.AddSingleton<MailDispatcher>();
        if (settings.Transport == MailSettings.Graph)
        {
            // The app's user-assigned identity, the same one that reaches storage.
            TokenCredential credential = configuration[SettingNames.StorageClientId] is { Length: > 0 } clientId
                ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
                : new DefaultAzureCredential();
            services.AddSingleton<IMailSender>(_ => new GraphMailSender(new HttpClient { Timeout = Workflow.Domain.Mail.DeliveryPolicy.SendTimeout }, credential, settings));
        }
        else
        {
            services.AddSingleton<IMailSender>(new SmtpMailSender(settings));
        }

        return services;
    }
}
