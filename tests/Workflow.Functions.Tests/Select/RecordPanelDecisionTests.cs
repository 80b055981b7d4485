using Workflow.Functions.Audit;
using Workflow.Functions.Apply;
using Workflow.Functions.Rounds;
using Workflow.Functions.Select;
using Workflow.Functions.Http;
using Workflow.Functions.Tests.Support;
using Workflow.Domain.Applications;

namespace Workflow.Functions.Tests.Select;

/// <summary>The panel's decision body is checked before any round or application is read.</summary>
[Collection("Azurite")]
public sealed class RecordPanelDecisionTests
{
    private readonly TestStorage _storage = new();

    private RecordPanelDecision Function() => new(TestSignIn.Gate(_storage.Storage), new RoundStore(_storage.Storage), new ApplicationStore(_storage.Storage),
        new ConflictDeclarationStore(_storage.Storage), new PanelCounting(new PanelStore(_storage.Storage), new ConflictDeclarationStore(_storage.Storage)), new BusinessLog(_storage.Storage), new FixedClock(Samples.Now),
        new IdempotentRequests(_storage.Storage, new FixedClock(Samples.Now)));

    [Theory]
    [InlineData("{}", "decision", "選定するか（selected）しないか（notSelected）を指定してください。")]
    [InlineData("""{"decision":"maybe"}""", "decision", "JSONの形式または値の型が正しくありません。")]
    [InlineData("""{"decision":"notSelected"}""", "reason", "選定しない場合は理由を入力してください。")]
    [InlineData("""{"decision":"notSelected","reason":"　"}""", "reason", "選定しない場合は理由を入力してください。")]
    [InlineData("""{"decision":0}""", "decision", "JSONの形式または値の型が正しくありません。")]
    public async Task Bad_decision_body_names_the_field(string body, string field, string message)
    {
        var request = Requests.Json("PUT", "operator:R2025-abcdef12", body);

        var answer = await Requests.ExecuteAsync(await Function().Run(request, "R2025-abcdef12", "R2025-abcdef12_00_0123456789abcdef0123"), request);

        Assert.Equal(400, answer.Status);
        Assert.True(answer.IsProblem);
        Assert.Equal([field], answer.ErrorFields);
        Assert.Equal([message], answer.ErrorsFor(field));
        Assert.False(await _storage.TableExistsAsync(Storage.Tables.Rounds));
        Assert.False(await _storage.TableExistsAsync(Storage.Tables.Applications));
    }

    [Theory]
    [InlineData(null, 401)]
    [InlineData("ministry", 403)]
    [InlineData("reviewer:R2025-abcdef12", 403)]
    public async Task Only_the_operator_records_decisions(string? actor, int status)
    {
        var request = Requests.Json("PUT", actor, """{"decision":"selected"}""");

        var answer = await Requests.ExecuteAsync(await Function().Run(request, "R2025-abcdef12", "R2025-abcdef12_00_0123456789abcdef0123"), request);

        Assert.Equal(status, answer.Status);
        Assert.True(answer.IsProblem);
        Assert.False(await _storage.TableExistsAsync(Storage.Tables.Applications));
    }
}
