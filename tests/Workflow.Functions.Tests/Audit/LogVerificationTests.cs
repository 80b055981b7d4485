using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Workflow.Domain.Audit;
using Workflow.Domain.Rounds;
using Workflow.Functions.Audit;
using Workflow.Functions.Publish;
using Workflow.Functions.Rounds;
using Workflow.Functions.Storage;
using Workflow.Functions.Tests.Support;

namespace Workflow.Functions.Tests.Audit;

/// <summary>Seals, the auditors' verification route, the scheduled sealing, and the registry's own chain, on Azurite.</summary>
[Collection("Azurite")]
public sealed class LogVerificationTests
{
    private readonly TestStorage _storage = new();

    private BusinessLog Log() => new(_storage.Storage);

    private LogSeals Seals() => new(_storage.Storage);

    private LogVerifier Verifier() => new(Log(), Seals(), new FixedClock(Samples.Now), NullLogger<LogVerifier>.Instance);

    private async Task<List<TableEntity>> EntryRowsAsync(string roundId) =>
        (await _storage.RowsAsync(Tables.AuditLog, TableClient.CreateQueryFilter($"PartitionKey eq {roundId} and RowKey lt {BusinessLog.ControlRowPrefix}")))
        .OrderBy(r => r.GetInt64("Seq")).ToList();

    private async Task<RoundRecord> RoundWithEntriesAsync(int entries)
    {
        var round = Samples.Round(RoundState.PanelReview);
        await new RoundStore(_storage.Storage).CreateAsync(round, "ministry");
        for (var i = 0; i < entries; i++)
        {
            await Log().WriteAsync(round.RoundId, Samples.Now.AddMinutes(i), "operator", BusinessLogActions.PanelDecisionRecorded, $"app-{i}", "producer:Selected");
        }

        return round;
    }

    private async Task<HttpAnswer> VerifyAsync(string roundId, string actor = "auditor", string? mode = null)
    {
        var request = Requests.Request("GET", actor);
        if (mode is not null)
        {
            request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?mode=" + mode);
        }

        return await Requests.ExecuteAsync(await new VerifyRoundLog(TestSignIn.Gate(_storage.Storage), new RoundStore(_storage.Storage), Verifier()).Run(request, roundId), request);
    }

    [Fact]
    public async Task Sealing_an_unchanged_head_twice_leaves_one_seal_and_a_moved_head_gets_another()
    {
        var round = await RoundWithEntriesAsync(3);

        var first = await Verifier().SealAsync(round.RoundId, CancellationToken.None);
        await Verifier().SealAsync(round.RoundId, CancellationToken.None);
        await Log().WriteAsync(round.RoundId, Samples.Now.AddHours(1), "system", BusinessLogActions.StateChanged, "Training");
        await Verifier().SealAsync(round.RoundId, CancellationToken.None);

        Assert.True(first.Intact);
        var (stored, breaks) = await Seals().ReadAsync(round.RoundId);
        Assert.Equal([3L, 4L], stored.Select(s => s.Seq).Order());
        Assert.Empty(breaks);
        Assert.Equal((await Log().ReadHeadAsync(round.RoundId))!.Hash, stored.Single(s => s.Seq == 4).Hash);
        Assert.All(stored, s => Assert.NotNull(s.Through));
    }

    [Fact]
    public async Task A_broken_chain_is_not_sealed_its_break_is_recorded_once()
    {
        var round = await RoundWithEntriesAsync(4);
        var table = await _storage.Storage.TableAsync(Tables.AuditLog);
        var rows = await EntryRowsAsync(round.RoundId);
        await table.DeleteEntityAsync(rows[1].PartitionKey, rows[1].RowKey);

        await Verifier().SealAsync(round.RoundId, CancellationToken.None);
        await Verifier().SealAsync(round.RoundId, CancellationToken.None);

        var (stored, breaks) = await Seals().ReadAsync(round.RoundId);
        Assert.Empty(stored);
        var recorded = Assert.Single(breaks);
        Assert.Equal((2L, nameof(ChainBreakKind.Missing)), (recorded.Seq, recorded.Kind));
        Assert.Contains("第2件がありません", recorded.Message);
    }

    [Fact]
    public async Task After_a_seal_the_quick_check_reads_only_what_changed_and_still_finds_an_edit()
    {
        var round = await RoundWithEntriesAsync(5);
        await Verifier().SealAsync(round.RoundId, CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            await Log().WriteAsync(round.RoundId, Samples.Now.AddHours(2).AddMinutes(i), "operator", BusinessLogActions.AttendanceRecorded, "session-1", null);
        }

        var intact = await VerifyAsync(round.RoundId);

        Assert.Equal("quick", intact.Json.GetProperty("mode").GetString());
        Assert.True(intact.Json.GetProperty("intact").GetBoolean(), intact.Body);
        Assert.Equal(8, intact.Json.GetProperty("intactUpTo").GetInt64());
        // The three new rows, and the newest sealed one, whose storage time is the seal's own.
        Assert.Equal(4, intact.Json.GetProperty("entries").GetInt32());
        Assert.Equal(5, intact.Json.GetProperty("since").GetProperty("seq").GetInt64());

        var table = await _storage.Storage.TableAsync(Tables.AuditLog);
        var rows = await EntryRowsAsync(round.RoundId);
        rows[1]["Detail"] = "producer:NotSelected";
        await table.UpdateEntityAsync(rows[1], ETag.All, TableUpdateMode.Replace);

        var edited = await VerifyAsync(round.RoundId);

        Assert.False(edited.Json.GetProperty("intact").GetBoolean());
        Assert.Equal(2, edited.Json.GetProperty("break").GetProperty("seq").GetInt64());
        Assert.Contains("封印の後に書き換えられています", edited.Json.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task A_sealed_row_deleted_is_found_by_the_full_check_and_then_reported_by_the_quick_one()
    {
        var round = await RoundWithEntriesAsync(5);
        await Verifier().SealAsync(round.RoundId, CancellationToken.None);
        var table = await _storage.Storage.TableAsync(Tables.AuditLog);
        var rows = await EntryRowsAsync(round.RoundId);
        await table.DeleteEntityAsync(rows[2].PartitionKey, rows[2].RowKey);

        var quickBefore = await VerifyAsync(round.RoundId);
        var full = await VerifyAsync(round.RoundId, mode: "full");
        await Verifier().SealAsync(round.RoundId, CancellationToken.None);
        var quickAfter = await VerifyAsync(round.RoundId);

        // What the quick check cannot see, it says it cannot see; the full check and the next sealing find it.
        Assert.True(quickBefore.Json.GetProperty("intact").GetBoolean());
        Assert.Contains("次の全件照合", quickBefore.Json.GetProperty("scope").GetString());
        Assert.Equal("full", full.Json.GetProperty("mode").GetString());
        Assert.Equal("記録の削除", full.Json.GetProperty("breakKind").GetString());
        Assert.Equal(3, full.Json.GetProperty("break").GetProperty("seq").GetInt64());
        Assert.False(quickAfter.Json.GetProperty("intact").GetBoolean());
        Assert.Equal("記録の削除", quickAfter.Json.GetProperty("breakKind").GetString());
    }

    [Fact]
    public async Task An_unknown_mode_is_refused()
    {
        var round = await RoundWithEntriesAsync(1);

        var answer = await VerifyAsync(round.RoundId, mode: "everything");

        Assert.Equal(400, answer.Status);
        Assert.NotEmpty(answer.ErrorsFor("mode"));
    }

    [Fact]
    public async Task An_auditor_reads_intact_up_to_the_last_entry_with_the_seal_it_agrees_with()
    {
        var round = await RoundWithEntriesAsync(4);
        await Verifier().SealAsync(round.RoundId, CancellationToken.None);

        var answer = await VerifyAsync(round.RoundId, mode: "full");

        Assert.Equal(200, answer.Status);
        Assert.True(answer.Json.GetProperty("intact").GetBoolean());
        Assert.Equal(4, answer.Json.GetProperty("intactUpTo").GetInt64());
        Assert.Equal(4, answer.Json.GetProperty("sealed").GetProperty("seq").GetInt64());
        Assert.Contains("第4件まで改ざんは見つかりませんでした", answer.Json.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task A_row_edited_in_storage_is_named_to_the_auditor()
    {
        var round = await RoundWithEntriesAsync(5);
        var table = await _storage.Storage.TableAsync(Tables.AuditLog);
        var rows = (await _storage.RowsAsync(Tables.AuditLog, TableClient.CreateQueryFilter($"PartitionKey eq {round.RoundId} and RowKey lt '~'")))
            .OrderBy(r => r.GetInt64("Seq")).ToList();
        rows[1]["Detail"] = "producer:NotSelected";
        await table.UpdateEntityAsync(rows[1], ETag.All, TableUpdateMode.Replace);

        var answer = await VerifyAsync(round.RoundId);

        Assert.False(answer.Json.GetProperty("intact").GetBoolean());
        Assert.Equal(1, answer.Json.GetProperty("intactUpTo").GetInt64());
        var broken = answer.Json.GetProperty("break");
        Assert.Equal(2, broken.GetProperty("seq").GetInt64());
        Assert.Equal(rows[1].RowKey, broken.GetProperty("key").GetString());
        Assert.Equal("内容の書き換え", answer.Json.GetProperty("breakKind").GetString());
        Assert.Contains("第2件の内容が記録後に書き換えられています", answer.Json.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task A_chain_rehashed_after_its_seal_is_caught_by_the_seal()
    {
        // Someone with write access to the table rewrites an entry and recomputes every link after it.
        var round = await RoundWithEntriesAsync(4);
        await Verifier().SealAsync(round.RoundId, CancellationToken.None);
        var table = await _storage.Storage.TableAsync(Tables.AuditLog);
        var (entries, _) = await Log().ReadChainAsync(round.RoundId);
        var contents = entries.OrderBy(e => e.Seq).Select(e => e.Content).ToList();
        contents[0] = contents[0] with { Detail = "producer:NotSelected" };
        var links = LogChain.Extend(null, contents);
        foreach (var (content, link) in contents.Zip(links))
        {
            await table.UpsertEntityAsync(new TableEntity(round.RoundId, content.Key)
            {
                ["At"] = content.At, ["Actor"] = content.Actor, ["Action"] = content.Action, ["Subject"] = content.Subject, ["Detail"] = content.Detail,
                ["Seq"] = link.Seq, ["Previous"] = link.Previous, ["Hash"] = link.Hash,
            }, TableUpdateMode.Replace);
        }

        await table.UpsertEntityAsync(new TableEntity(round.RoundId, BusinessLog.HeadRowKey) { ["Seq"] = links[^1].Seq, ["Hash"] = links[^1].Hash }, TableUpdateMode.Replace);

        var answer = await VerifyAsync(round.RoundId, mode: "full");

        Assert.False(answer.Json.GetProperty("intact").GetBoolean());
        Assert.Equal("封印との不一致", answer.Json.GetProperty("breakKind").GetString());
        Assert.Equal(0, answer.Json.GetProperty("intactUpTo").GetInt64());
    }

    [Fact]
    public async Task An_unknown_round_is_not_found_and_an_operator_may_not_verify()
    {
        var round = await RoundWithEntriesAsync(1);

        var unknown = await VerifyAsync("R2025-unknown00");
        var byOperator = await VerifyAsync(round.RoundId, $"operator:{round.RoundId}");

        Assert.Equal(404, unknown.Status);
        Assert.True(unknown.IsProblem);
        Assert.Equal(403, byOperator.Status);
    }

    [Fact]
    public async Task The_scheduled_sealing_seals_every_round_and_the_registry()
    {
        var first = await RoundWithEntriesAsync(2);
        var second = await RoundWithEntriesAsync(3);
        await Log().WriteAsync(LogChain.Registry, Samples.Now, "ministry", BusinessLogActions.MunicipalitiesImported, null, "2件");

        await new SealLogChains(new RoundStore(_storage.Storage), Verifier(), NullLogger<SealLogChains>.Instance).Run(new TimerInfo(), CancellationToken.None);

        Assert.Equal(2, Assert.Single((await Seals().ReadAsync(first.RoundId)).Seals).Seq);
        Assert.Equal(3, Assert.Single((await Seals().ReadAsync(second.RoundId)).Seals).Seq);
        Assert.Equal(1, Assert.Single((await Seals().ReadAsync(LogChain.Registry)).Seals).Seq);
    }

    [Fact]
    public async Task Importing_the_registry_is_logged_in_the_registrys_chain()
    {
        var request = Requests.Request("POST", "ministry");
        request.ContentType = "text/csv";
        request.Body = new MemoryStream(Encoding.UTF8.GetBytes("code,name,prefecture\n011002,札幌市,北海道\n"));
        var import = new ImportMunicipalities(TestSignIn.Gate(_storage.Storage), new Workflow.Functions.Publish.MunicipalityStore(_storage.Storage), Log(), new FixedClock(Samples.Now));

        var answer = await Requests.ExecuteAsync(await import.Run(request), request);

        Assert.Equal(200, answer.Status);
        var (entries, head) = await Log().ReadChainAsync(LogChain.Registry);
        var entry = Assert.Single(entries);
        Assert.Equal(BusinessLogActions.MunicipalitiesImported, entry.Content.Action);
        Assert.Equal("1件", entry.Content.Detail);
        Assert.True(ChainVerifier.Verify(LogChain.Registry, entries, head, []).Intact);
    }
}
