using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Workflow.Domain.Applications;
using Workflow.Domain.Rounds;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Pages.Public;
using Workflow.Functions.Rounds;
using Workflow.Functions.Notifications;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Pages.Public;

/// <summary>The form's last step carries the confirmation page's command id: sending that page twice is one application.</summary>
[Collection("Azurite")]
public sealed partial class SubmitApplicationFormTests
{
    private static readonly DateTimeOffset DuringWindow = Samples.Now.AddDays(5);
    private readonly TestStorage _storage = new();

    private SubmitApplicationForm LastStep() => new(new RoundStore(_storage.Storage), Standards.For(_storage.Storage),
        new SubmitApplication(new RoundStore(_storage.Storage), Standards.For(_storage.Storage), new ApplicationStore(_storage.Storage), new NotificationStore(_storage.Storage), new BusinessLog(_storage.Storage), new FixedClock(DuringWindow),
            NullLogger<SubmitApplication>.Instance));

    private async Task<RoundRecord> OpenRoundAsync()
    {
        var round = Samples.Round(RoundState.AcceptingApplications);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        return round;
    }

    /// <summary>Step 1 posted as a browser posts it; the answer is the confirmation page.</summary>
    private async Task<string> ConfirmationAsync(RoundRecord round, ApplicationForm form)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("fullName", form.FullName), new("fullNameKana", form.FullNameKana ?? string.Empty), new("email", form.Email),
            new("phone", form.Phone), new("prefecture", form.Prefecture), new("listing", "public"),
        };
        fields.AddRange(form.Personas.Select(p => new KeyValuePair<string, string>("personas", Camel(p))));
        fields.AddRange(form.SelfAssessments.Select(a => new KeyValuePair<string, string>("assess-" + a.SkillCode, a.Level.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        fields.AddRange(form.Qualifications.Select(q => new KeyValuePair<string, string>("qualifications", Camel(q))));
        fields.AddRange(form.Experiences.SelectMany((e, i) => new KeyValuePair<string, string>[]
        {
            new($"experiences-{i}-kind", Camel(e.Kind)), new($"experiences-{i}-years", e.Years.ToString(System.Globalization.CultureInfo.InvariantCulture)), new($"experiences-{i}-summary", e.Summary),
        }));
        using var content = new FormUrlEncodedContent(fields);
        var request = await Requests.ContentAsync(content);
        var page = await Requests.ExecuteAsync(await new ReviewApplicationForm(new RoundStore(_storage.Storage), Standards.For(_storage.Storage)).Run(request, round.RoundId), request);
        Assert.Equal(200, page.Status);
        return page.Body;
    }

    /// <summary>The option values the form's inputs carry: the API's enum names.</summary>
    private static string Camel<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    /// <summary>The confirmation page's form as the browser sends it: its hidden fields and the chosen résumé.</summary>
    private static async Task<HttpRequest> SubmissionOf(string confirmation)
    {
        var form = SubmitForm().Match(confirmation).Value;
        var content = new MultipartFormDataContent();
        foreach (Match hidden in HiddenField().Matches(form))
        {
            content.Add(new StringContent(WebUtility.HtmlDecode(hidden.Groups["value"].Value)), hidden.Groups["name"].Value);
        }

        var file = new ByteArrayContent(Samples.Pdf());
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("application/pdf");
        content.Add(file, "resume", "職務経歴書.pdf");
        return await Requests.ContentAsync(content);
    }

    private async Task<(int Status, string? ApplicationId, string? Token)> SendAsync(RoundRecord round, string confirmation)
    {
        var request = await SubmissionOf(confirmation);
        var page = await Requests.ExecuteAsync(await LastStep().Run(request, round.RoundId), request);
        string? Receipt(string id) => Regex.Match(page.Body, $"id=\"{id}\" class=\"receipt\">([^<]+)<") is { Success: true } m ? m.Groups[1].Value : null;
        return (page.Status, Receipt("receipt-application-id"), Receipt("receipt-access-token"));
    }

    private async Task<int> ApplicationCountAsync() =>
        (await _storage.RowsAsync(Storage.Tables.Applications)).Count(r => !r.RowKey.StartsWith('~'));

    [Fact]
    public async Task The_same_confirmation_sent_at_once_and_again_is_one_application_with_one_receipt()
    {
        var round = await OpenRoundAsync();
        var confirmation = await ConfirmationAsync(round, Samples.EligibleProducer("double.click@example.jp"));
        Assert.Matches("name=\"commandId\" value=\"[0-9a-f]{32}\"", confirmation);

        // A double click: two posts of the page at once; then the browser's retry of it.
        var atOnce = await Task.WhenAll(SendAsync(round, confirmation), SendAsync(round, confirmation));
        var again = await SendAsync(round, confirmation);

        var first = atOnce[0];
        Assert.Equal(201, first.Status);
        Assert.NotNull(first.ApplicationId);
        Assert.NotNull(first.Token);
        Assert.All([atOnce[1], again], answer => Assert.Equal(first, answer));
        Assert.Equal(1, await ApplicationCountAsync());
        Assert.Single(await _storage.BlobNamesAsync());
    }

    [Fact]
    public async Task Each_confirmation_drawn_is_a_new_command_so_a_second_one_for_the_same_address_is_refused_as_a_duplicate()
    {
        var round = await OpenRoundAsync();
        var form = Samples.EligibleProducer("twice@example.jp");
        var one = await ConfirmationAsync(round, form);
        var other = await ConfirmationAsync(round, form);
        Assert.NotEqual(CommandId().Match(one).Value, CommandId().Match(other).Value);

        Assert.Equal(201, (await SendAsync(round, one)).Status);
        var second = await SendAsync(round, other);

        Assert.Equal(400, second.Status);
        Assert.Null(second.ApplicationId);
        Assert.Equal(1, await ApplicationCountAsync());
    }

    [GeneratedRegex("<form method=\"post\" action=\"/calls/[^\"]+/apply/submit\".*?</form>", RegexOptions.Singleline)]
    private static partial Regex SubmitForm();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex HiddenField();

    [GeneratedRegex("name=\"commandId\" value=\"[^\"]*\"")]
    private static partial Regex CommandId();
}
