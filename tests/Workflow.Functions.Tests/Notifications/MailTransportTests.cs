using System.Net;
using System.Text.Json;
using Azure.Core;
using Moq;
using Moq.Protected;
using Workflow.Domain.Mail;
using Workflow.Functions.Notifications;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Notifications;

/// <summary>MailKit against a real SMTP server (smtp4dev), read back through its API.</summary>
public sealed class SmtpMailSenderTests(Smtp4devFixture smtp) : IClassFixture<Smtp4devFixture>
{
    [Fact]
    public async Task A_mail_arrives_with_its_japanese_subject_both_parts_and_the_id_every_attempt_carries()
    {
        var settings = new MailSettings(MailSettings.Smtp, "noreply@workflow.localhost", "127.0.0.1", smtp.SmtpPort, null, new Uri("https://workflow.example/"));
        var notice = new Notice("SelectionOutcome", "選定結果のお知らせ", "今回は選定に至りませんでした。", new DateTimeOffset(2027, 3, 5, 0, 30, 0, TimeSpan.Zero));
        var content = NoticeMail.Compose(notice, MailRecipient.Applicant, "山田 太郎", "https://workflow.example/applications/status");
        var to = $"taro-{Guid.NewGuid():N}@example.jp";

        await new SmtpMailSender(settings).SendAsync(new OutgoingMail("0123456789abcdef0123456789abcdef", to, content), CancellationToken.None);

        var mail = Assert.Single(await smtp.WaitForAsync(m => m.Any(x => x.To == to), TimeSpan.FromSeconds(20)), m => m.To == to);
        Assert.Equal("【自治体DX外部人材確保支援事業】選定結果のお知らせ", mail.Subject);
        Assert.Equal("<0123456789abcdef0123456789abcdef@workflow.localhost>", mail.MessageId);
        Assert.Equal("0123456789abcdef0123456789abcdef", mail.WorkflowMessageId);
        Assert.Contains("山田 太郎 様", mail.Text);
        Assert.Contains("令和9年（2027年）3月5日(金) 09:30", mail.Text);
        Assert.Contains("<h1", mail.Html);
        Assert.Contains("今回は選定に至りませんでした。", mail.Html);
    }

    [Fact]
    public async Task A_server_that_is_not_there_fails_the_attempt()
    {
        var settings = new MailSettings(MailSettings.Smtp, "noreply@workflow.localhost", "127.0.0.1", LocalHostProcess.FreePort(), null, new Uri("https://workflow.example/"));
        var content = new ComposedMail("件名", "本文", "<p>本文</p>");

        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() =>
            new SmtpMailSender(settings).SendAsync(new OutgoingMail("00", "a@example.jp", content), CancellationToken.None));
    }
}

/// <summary>The Graph adapter is thin: what it asks Graph, with whose token.</summary>
public sealed class GraphMailSenderTests
{
    [Fact]
    public async Task SendMail_is_posted_for_the_sending_mailbox_with_the_identitys_token_and_the_html_part()
    {
        var credential = new Mock<TokenCredential>();
        credential.Setup(c => c.GetTokenAsync(It.Is<TokenRequestContext>(t => t.Scopes.Single() == "https://graph.microsoft.com/.default"), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new AccessToken("token-of-the-identity", DateTimeOffset.UtcNow.AddHours(1)));
        HttpRequestMessage? sent = null;
        string? body = null;
        var handler = new Mock<HttpMessageHandler>();
        handler.Protected().Setup<Task<HttpResponseMessage>>("SendAsync", ItExpr.IsAny<HttpRequestMessage>(), ItExpr.IsAny<CancellationToken>())
            .Callback<HttpRequestMessage, CancellationToken>((r, _) => { sent = r; body = r.Content!.ReadAsStringAsync().Result; })
            .ReturnsAsync(new HttpResponseMessage(HttpStatusCode.Accepted));
        var settings = new MailSettings(MailSettings.Graph, "dx-jimukyoku@soumu.example", "", 0, null, new Uri("https://workflow.example/"));
        var content = new ComposedMail("【事業】件名", "本文", "<p>本文</p>");

        await new GraphMailSender(new HttpClient(handler.Object), credential.Object, settings)
            .SendAsync(new OutgoingMail("abc", "taro@example.jp", content), CancellationToken.None);

        Assert.Equal(HttpMethod.Post, sent!.Method);
        Assert.Equal("https://graph.microsoft.com/v1.0/users/dx-jimukyoku%40soumu.example/sendMail", sent.RequestUri!.AbsoluteUri);
        Assert.Equal("Bearer token-of-the-identity", sent.Headers.Authorization!.ToString());
        var json = JsonDocument.Parse(body!).RootElement;
        Assert.Equal("【事業】件名", json.GetProperty("message").GetProperty("subject").GetString());
        Assert.Equal("HTML", json.GetProperty("message").GetProperty("body").GetProperty("contentType").GetString());
        Assert.Equal("<p>本文</p>", json.GetProperty("message").GetProperty("body").GetProperty("content").GetString());
        Assert.Equal("taro@example.jp", json.GetProperty("message").GetProperty("toRecipients")[0].GetProperty("emailAddress").GetProperty("address").GetString());
        Assert.Equal("abc", json.GetProperty("message").GetProperty("internetMessageHeaders")[0].GetProperty("value").GetString());
        Assert.False(json.GetProperty("saveToSentItems").GetBoolean());
    }

    [Fact]
    public async Task A_refusal_from_graph_fails_the_attempt_with_its_status()
    {
        var credential = new Mock<TokenCredential>();
        credential.Setup(c => c.GetTokenAsync(It.IsAny<TokenRequestContext>(), It.IsAny<CancellationToken>())).ReturnsAsync(new AccessToken("t", DateTimeOffset.UtcNow.AddHours(1)));
        var handler = new Mock<HttpMessageHandler>();
        handler.Protected().Setup<Task<HttpResponseMessage>>("SendAsync", ItExpr.IsAny<HttpRequestMessage>(), ItExpr.IsAny<CancellationToken>())
            .ReturnsAsync(new HttpResponseMessage(HttpStatusCode.Forbidden) { Content = new StringContent("""{"error":{"code":"ErrorAccessDenied"}}""") });
        var settings = new MailSettings(MailSettings.Graph, "dx@soumu.example", "", 0, null, new Uri("https://workflow.example/"));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => new GraphMailSender(new HttpClient(handler.Object), credential.Object, settings)
            .SendAsync(new OutgoingMail("abc", "taro@example.jp", new ComposedMail("s", "t", "h")), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Contains("ErrorAccessDenied", error.Message);
    }
}
