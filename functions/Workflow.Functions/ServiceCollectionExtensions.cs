using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workflow.Functions.Appoint;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Configuration;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Notifications;
using Workflow.Functions.Platform;
using Workflow.Functions.Publish;
using Workflow.Functions.Rounds;
using Workflow.Functions.Select;
using Workflow.Functions.Storage;
using Workflow.Functions.Train;
using Workflow.Functions.Waits;
using Workflow.Domain.Applications;
using Workflow.Domain.SkillStandard;

namespace Workflow.Functions;

public static class ServiceCollectionExtensions
{
    /// <summary>Everything the recruiting workflow needs, shared by the Azure Functions app and the local host.</summary>
    public static IServiceCollection AddRecruitingWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        // Now rather than on first use: a crash point set in Azure must stop the app before it serves anything.
        CrashPoints.Arm(configuration);
        services.AddSingleton(TimeProvider.System);

        // Résumés up to 1 MiB are parsed from memory instead of through a temporary file (the default keeps 64 KB in
        // memory); larger ones still spill to disk. At 16 concurrent applicants this is ~16 MiB at most.
        services.Configure<FormOptions>(o =>
        {
            o.MemoryBufferThreshold = 1024 * 1024;

            // Backstops: each route's own, smaller limit (BodyLimits) is applied before its body is read.
            o.MultipartBodyLengthLimit = BodyLimits.Largest;
            o.BufferBodyLengthLimit = BodyLimits.Largest;
        });

        // Both hosts serve through Kestrel (the local host; the isolated worker behind the Functions host): it takes
        // in no more than the largest route limit of any body, even one no trigger reads.
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = BodyLimits.Largest + BodyLimits.ChunkFraming);
        services.AddSingleton(sp => WorkflowStorage.FromConfiguration(configuration, sp.GetService<StorageRequestCounter>()));
        services.AddSingleton(_ => TaskHub.FromConfiguration(configuration));
        services.AddSingleton(_ => SignInSettings.FromConfiguration(configuration));
        services.AddSingleton<StaffTokens>();
        services.AddSingleton<AccessGate>();
        services.AddSingleton<IdempotentRequests>();
        services.AddSingleton<ClientRequestLimit>();
        services.AddSingleton<ApplicantAccessKeys>();
        services.AddSingleton<RoundStore>();

        // The versions defined in code, plus any a host registers as a SkillStandardVersion (ADR 0010).
        services.AddSingleton(sp => new SkillStandardVersions(sp.GetServices<SkillStandardVersion>()));
        services.AddSingleton<RoundStandards>();
        services.AddSingleton<RoundActions>();
        services.AddSingleton<BusinessLog>();
        services.AddSingleton<LogSeals>();
        services.AddSingleton<LogVerifier>();
        services.AddSingleton<OrchestrationHistoryReader>();
        services.AddSingleton<ApplicantStoryReader>();
        services.AddSingleton<ApplicationStore>();
        services.AddSingleton(_ => ResumeScanSettings.FromConfiguration(configuration));
        services.AddSingleton<ResumeScans>();
        services.AddSingleton<ApplicantAccess>();
        services.AddSingleton<ApplicantErasure>();
        services.AddSingleton(_ => RetentionSettings.FromConfiguration(configuration));
        services.AddSingleton(_ => Appoint.AppointmentPolicy.FromConfiguration(configuration));
        services.AddSingleton<Appoint.AppointmentLimits>();
        services.AddSingleton<NotificationStore>();
        services.AddNoticeMail(configuration);
        services.AddSingleton(_ => PublicSite.FromConfiguration(configuration));
        services.AddCertificates(configuration);
        services.AddSingleton<MunicipalityStore>();
        services.AddSingleton<RosterStore>();
        services.AddSingleton<ListingChanges>();
        services.AddSingleton<Platform.ExpiredRecords>();
        services.AddSingleton<ErasureCaseStore>();
        services.AddSingleton<RetentionErasures>();
        services.AddSingleton<Appoint.ContactStore>();
        services.AddSingleton<Appoint.CandidateReader>();
        services.AddSingleton<AppointmentStore>();
        services.AddSingleton<Appoint.EvidencePackStore>();
        services.AddSingleton<Appoint.NeedStore>();
        services.AddSingleton<Spreadsheets.RoundExports>();
        services.AddSingleton<Appoint.RosterCandidates>();
        services.AddSingleton<ConflictDeclarationStore>();
        services.AddSingleton<PanelStore>();
        services.AddSingleton<PanelCounting>();
        services.AddSingleton<StaffApplicationReader>();
        services.AddSingleton<PendingWaitReader>();

        // The pages hand their requests to these API functions, so that a page and the API answer alike.
        services.AddTransient<SubmitApplication>();
        services.AddTransient<GetApplicationStatus>();
        services.AddTransient<GetOwnCertificate>();
        services.AddTransient<AnswerAppointment>();
        services.AddTransient<ChangeListing>();
        services.AddTransient<Appoint.AnswerContact>();
        services.AddTransient<ReplaceResume>();
        services.AddTransient<RequestApplicantTokenReissue>();
        return services;
    }
}
