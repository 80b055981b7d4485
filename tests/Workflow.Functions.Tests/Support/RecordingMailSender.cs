using Workflow.Functions.Notifications;

namespace Workflow.Functions.Tests.Support;

/// <summary>A transport that keeps what the dispatcher gives it, for tests that read a mail's words (the SMTP path: SmtpMailSenderTests).</summary>
public sealed class RecordingMailSender(List<OutgoingMail> sent) : IMailSender
{
    public Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        lock (sent)
        {
            sent.Add(mail);
        }

        return Task.CompletedTask;
    }
}
