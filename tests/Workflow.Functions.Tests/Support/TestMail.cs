using Microsoft.Extensions.Logging.Abstractions;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Notifications;
using Workflow.Functions.Publish;
using Workflow.Functions.Storage;

namespace Workflow.Functions.Tests.Support;

/// <summary>The mail dispatcher on a test's storage, sending into a list the test reads (the SMTP path: SmtpMailSenderTests).</summary>
public static class TestMail
{
    public static MailSettings Settings { get; } = new(MailSettings.Smtp, "noreply@workflow.localhost", "127.0.0.1", 2525, null, new Uri("https://workflow.example/"));

    public static MailDispatcher Dispatcher(WorkflowStorage storage, List<OutgoingMail> sent, DateTimeOffset now) => new(new OutboxStore(storage), new NotificationStore(storage),
        new MailRecipients(new ApplicationStore(storage), new MunicipalityStore(storage), Settings),
        new RecordingMailSender(sent), new ApplicantAccessKeys(storage), new BusinessLog(storage), new FixedClock(now), NullLogger<MailDispatcher>.Instance);
}
