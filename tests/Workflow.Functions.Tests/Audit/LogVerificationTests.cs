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

    private LogSeals Seals() => new(_storage.Storage, Log(), new FixedClock(Samples.Now));

    private LogVerifier Verifier() => new(Log(), Seals(), new FixedClock(Samples.Now));

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

    private async Task<HttpAnswer> VerifyAsync(string roundId, string actor = "auditor")
    {
        var request = Requests.Request("GET", actor);
        return await Requests.ExecuteAsync(await new VerifyRoundLog(TestSignIn.Gate(_storage.Storage), new RoundStore(_storage.Storage), Verifier()).Run(request, roundId), request);
    }

    [Fact]
    public async Task Sealing_an_unchanged_head_twice_leaves_one_seal_and_a_moved_head_gets_another()
    {
        var round = await RoundWithEntriesAsync(3);

        var first = await Seals().SealAsync(round.RoundId);
        var again = await Seals().SealAsync(round.RoundId);
        await Log().WriteAsync(round.RoundId, Samples.Now.AddHours(1), "system", BusinessLogActions.StateChanged, "Training");
        var moved = await Seals().SealAsync(round.RoundId);

        Assert.Equal(3, first!.Seq);
        Assert.Equal(first, again);
        Assert.Equal(4, moved!.Seq);
        var stored = await Seals().ReadAsync(round.RoundId);
        Assert.Equal([3L, 4L], stored.Select(s => s.Seq).Order());
        Assert.Equal((await Log().ReadHeadAsync(round.RoundId))!.Hash, stored.Single(s => s.Seq == 4).Hash);
    }

    [Fact]
    public async Task An_auditor_reads_intact_up_to_the_last_entry_with_the_seal_it_agrees_with()
    {
        var round = await RoundWithEntriesAsync(4);
        await Seals().SealAsync(round.RoundId);

        var answer = await VerifyAsync(round.RoundId);

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
        await Seals().SealAsync(round.RoundId);
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

        var answer = await VerifyAsync(round.RoundId);

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

        await new SealLogChains(new RoundStore(_storage.Storage), Seals(), NullLogger<SealLogChains>.Instance).Run(new TimerInfo(), CancellationToken.None);

        Assert.Equal(2, Assert.Single(await Seals().ReadAsync(first.RoundId)).Seq);
        Assert.Equal(3, Assert.Single(await Seals().ReadAsync(second.RoundId)).Seq);
        Assert.Equal(1, Assert.Single(await Seals().ReadAsync(LogChain.Registry)).Seq);
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
