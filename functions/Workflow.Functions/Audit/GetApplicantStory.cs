using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Workflow.Domain.Applications;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Rounds;
using Workflow.Functions.Select;

namespace Workflow.Functions.Audit;

/// <summary>
/// Auditors (and the ministry) read one person's whole story in a round, as JSON or as CSV for Excel
/// (<c>?format=csv</c>). Every read is itself a personal-data read in the business log, written before the story is
/// answered and shown in it; after erasure the story still opens by the application id and shows the tombstone.
/// </summary>
public sealed class GetApplicantStory(AccessGate access, RoundStore rounds, ApplicantStoryReader stories, BusinessLog log, TimeProvider clock)
{
    [Function(nameof(GetApplicantStory))]
    [ApiOperation("応募者ごとの経過（JSON または CSV）")]
    [ApiResponse(200, typeof(ApplicantStory))]
    [ApiResponse(200, MediaType = "text/csv")]
    [ApiQuery("format", "json（既定）または csv")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/audit/rounds/{roundId}/applications/{applicationId}/story")] HttpRequest request,
        string roundId,
        string applicationId)
    {
        var (actor, denied) = await access.AuthorizeAsync(request, nameof(GetApplicantStory), new AccessScope(RoundId: roundId, ApplicationId: applicationId));
        if (denied is not null)
        {
            return denied;
        }

        var format = request.Query["format"];
        var csv = format.Count == 1 && format[0] == "csv";
        if (format.Count > 0 && !csv && !(format.Count == 1 && format[0] == "json"))
        {
            return ApiResults.Validation([new FieldError("format", "format には json または csv を指定してください。")]);
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        var round = RoundIds.IsWellFormed(roundId) ? await rounds.GetAsync(roundId, cancellationToken) : null;
        if (round is null)
        {
            return ApiResults.NotFound("公募ラウンド");
        }

        var story = await stories.ReadAsync(round, applicationId, cancellationToken);
        if (story is null)
        {
            return ApiResults.Problem(StatusCodes.Status404NotFound, "応募が見つかりません。", "この公募ラウンドに、この応募IDの応募も、その記録（消去の記録を含む）もありません。");
        }

        // Logged before anything is answered: a read that could not be logged is not served.
        var read = new BusinessLogEntry(clock.GetUtcNow(), actor!.LogName, PersonalDataReads.Action, applicationId, csv ? StoryReads.Csv : StoryReads.Json);
        await log.WriteAsync(roundId, read.At, read.Actor, read.Action, read.Subject, read.Detail, cancellationToken: cancellationToken);
        var events = ApplicantStoryReader.Order(story.Events.Append(ApplicantStoryReader.Logged(read)));
        story = story with { Events = events, Groups = ApplicantStoryReader.GroupsOf(events) };

        if (!csv)
        {
            return ApiResults.Ok(story);
        }

        var result = new JsonBodyResult(StatusCodes.Status200OK, StoryCsv.Write(story), "text/csv; charset=utf-8");
        result.Headers["Content-Disposition"] = $"attachment; filename=\"story-{applicationId}.csv\"";
        result.Headers["X-Content-Type-Options"] = "nosniff";
        return result;
    }
}

/// <summary>
/// A story as CSV that Excel opens in Japanese: UTF-8 with a byte order mark, CRLF lines, the same neutralising of
/// formula-like fields as the timeline's export.
/// </summary>
public static class StoryCsv
{
    public static readonly string[] Header =
        ["日時（日本時間）", "日時（UTC）", "時刻の扱い", "段階", "種別", "操作者", "操作者（記録値）", "内容", "内容（記録値）", "対象", "詳細", "詳細（記録値）"];

    /// <summary>The text with its byte order mark first: encoded as UTF-8 it starts EF BB BF.</summary>
    public static string Write(ApplicantStory story)
    {
        var text = new StringBuilder("\uFEFF");
        Line(text, Header);
        foreach (var e in story.Events)
        {
            Line(text,
            [
                ApplicantStoryReader.Jst(e.At) + e.At.ToOffset(TimeSpan.FromHours(9)).ToString(".fff", CultureInfo.InvariantCulture),
                e.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
                e.AtIsStepEnd ? "段階の終了時刻（記録に時刻なし）" : "記録された時刻",
                e.GroupName,
                e.SourceName,
                e.ActorName,
                e.Actor,
                e.What,
                e.Kind,
                e.Subject,
                e.Detail,
                e.Recorded ?? e.Detail,
            ]);
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, IEnumerable<string?> fields) =>
        text.Append(string.Join(',', fields.Select(Field))).Append("\r\n");

    /// <summary>As every CSV the service writes (<see cref="Spreadsheets.SheetTable.CsvField"/>).</summary>
    public static string Field(string? value) => Spreadsheets.SheetTable.CsvField(value);
}
