using System.Net.Http.Headers;
using System.Net.Http.Json;
using Azure.Core;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using MimeKit;
using Workflow.Domain.Mail;
using Workflow.Functions.Configuration;

namespace Workflow.Functions.Notifications;

/// <summary>A mail for one address, with the id every attempt of it carries.</summary>
public sealed record OutgoingMail(string MessageId, string To, ComposedMail Content);

/// <summary>Hands a mail to a mail server. Throws when the server did not take it; the dispatcher retries.</summary>
public interface IMailSender
{
    Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken);
}

/// <summary>Where mail goes and what it says about its sender; read once from configuration.</summary>
public sealed record MailSettings(string Transport, string From, string SmtpHost, int SmtpPort, string? MinistryAddress, Uri PublicBaseUrl)
{
    public const string Smtp = "smtp";
    public const string Graph = "graph";

    /// <summary>The name the mail's From carries beside the address.</summary>
    public const string FromName = "自治体DX外部人材確保支援事業 事務局";

    /// <summary>The domain of the Message-ID: the sender's own, as RFC 5322 recommends.</summary>
    public string MessageIdDomain => From.Contains('@', StringComparison.Ordinal) ? From[(From.IndexOf('@', StringComparison.Ordinal) + 1)..] : "workflow.localhost";

    public static MailSettings FromConfiguration(IConfiguration configuration)
    {
        var transport = (configuration[SettingNames.MailTransport] ?? Smtp).Trim().ToLowerInvariant();
        if (transport is not (Smtp or Graph))
        {
            throw new InvalidOperationException($"{SettingNames.MailTransport} must be '{Smtp}' or '{Graph}', not '{transport}'.");
        }

        var baseUrl = Http.PublicSite.FromConfiguration(configuration).BaseUrl;
        return new MailSettings(
            transport,
            configuration[SettingNames.MailFrom] is { Length: > 0 } from ? from : "noreply@workflow.localhost",
            configuration[SettingNames.MailSmtpHost] is { Length: > 0 } host ? host : "127.0.0.1",
            int.TryParse(configuration[SettingNames.MailSmtpPort], out var port) ? port : 2525,
            configuration[SettingNames.MailMinistryAddress] is { Length: > 0 } ministry ? ministry : null,
            baseUrl);
    }
}

/// <summary>
/// SMTP with MailKit: locally to smtp4dev (./workflow up starts it on 127.0.0.1:2525). One connection per mail keeps
/// a dead connection from failing the next one; on the loopback the handshake is well under a millisecond.
/// </summary>
public sealed class SmtpMailSender(MailSettings settings) : IMailSender
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        using var message = ToMime(mail, settings);
        using var client = new SmtpClient { Timeout = (int)DeliveryPolicy.SendTimeout.TotalMilliseconds };
        await client.ConnectAsync(settings.SmtpHost, settings.SmtpPort, SecureSocketOptions.None, cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }

    public static MimeMessage ToMime(OutgoingMail mail, MailSettings settings)
    {
        var message = new MimeMessage
        {
            MessageId = $"{mail.MessageId}@{settings.MessageIdDomain}",
            Subject = mail.Content.Subject,
            Body = new BodyBuilder { TextBody = mail.Content.Text, HtmlBody = mail.Content.Html }.ToMessageBody(),
        };
        message.From.Add(new MailboxAddress(MailSettings.FromName, settings.From));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Headers.Add("X-Workflow-Message-Id", mail.MessageId);
        return message;
    }
}

/// <summary>
/// Microsoft Graph sendMail, as the app's managed identity (application permission Mail.Send, limited to the sending
/// mailbox by an application access policy: infra/README.md): no secret in the app's settings (ADR 0013).
/// </summary>
public sealed class GraphMailSender(HttpClient http, TokenCredential credential, MailSettings settings) : IMailSender
{
    private static readonly string[] Scopes = ["https://graph.microsoft.com/.default"];

    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        var token = await credential.GetTokenAsync(new TokenRequestContext(Scopes), cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"https://graph.microsoft.com/v1.0/users/{Uri.EscapeDataString(settings.From)}/sendMail")
        {
            Content = JsonContent.Create(Body(mail)),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"Graph sendMail answered {(int)response.StatusCode}: {detail[..Math.Min(detail.Length, 300)]}", null, response.StatusCode);
        }
    }

    /// <summary>The sendMail body: Graph takes one body, so the HTML part; the id travels as an x- header.</summary>
    public static object Body(OutgoingMail mail) => new
    {
        message = new
        {
            subject = mail.Content.Subject,
            body = new { contentType = "HTML", content = mail.Content.Html },
            toRecipients = new[] { new { emailAddress = new { address = mail.To } } },
            internetMessageHeaders = new[] { new { name = "x-workflow-message-id", value = mail.MessageId } },
        },
        saveToSentItems = false,
    };
}
