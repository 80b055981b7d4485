using Azure.Data.Tables;
using Workflow.Demo;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
using Workflow.Testing;

namespace Workflow.IntegrationTests;

/// <summary>What every finished round must show, read from the storage the local host wrote.</summary>
internal static class RoundAssertions
{
    public static void StepsCompletedInOrder(DemoReport report)
    {
        Assert.Equal(Enum.GetValues<RoundStep>(), report.Steps.Select(s => s.Step));
        Assert.All(report.Steps, s => Assert.Equal("completed", s.Status));
        var times = report.Steps.Select(s => s.CompletedAt!.Value).ToList();
        Assert.Equal(times.Order(), times);
    }

    public static void Consistent(DemoReport report)
    {
        Assert.Empty(report.Violations());
        var c = report.Counts;
        Assert.True(c.Selected <= c.Eligible && c.Eligible <= c.Submitted && c.Certified <= c.Selected && c.Published <= c.Certified && c.Appointed >= 1,
            $"inconsistent counts: {c}");
    }

    /// <summary>
    /// Every stored application is counted once, and each has exactly one selection outcome notification:
    /// nothing lost, nothing duplicated.
    /// </summary>
    public static async Task NothingLostOrDuplicatedAsync(AzuriteFixture azurite, string prefix, DemoReport report)
    {
        var applications = azurite.Tables.GetTableClient(prefix + "Applications");
        var rows = new List<TableEntity>();
        await foreach (var row in applications.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {report.RoundId} and PartitionKey lt {report.RoundId + "~"}"), select: ["PartitionKey", "RowKey", "Email", "Status", "Decision"]))
        {
            rows.Add(row);
        }

        var applicationRows = rows.Where(r => !r.RowKey.StartsWith('~')).ToList();
        var emailClaims = rows.Count(r => r.RowKey.StartsWith("~email-", StringComparison.Ordinal));
        Assert.Equal(report.Counts.Submitted, applicationRows.Count);
        Assert.Equal(applicationRows.Count, emailClaims);
        Assert.Equal(applicationRows.Count, applicationRows.Select(r => r.GetString("Email")).Distinct().Count());
        Assert.All(applicationRows, r => Assert.Contains(r.GetString("Status"), new[] { "NotSelected", "Certified", "NotCertified" }));
        Assert.Equal(report.Counts.Selected, applicationRows.Count(r => r.GetString("Decision") == "Selected"));

        var notifications = azurite.Tables.GetTableClient(prefix + "Notifications");
        var outcomes = new List<string>();
        await foreach (var n in notifications.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {"applicant_" + report.RoundId} and PartitionKey lt {"applicant_" + report.RoundId + "~"} and Kind eq {"SelectionOutcome"}"), select: ["RowKey", "SubjectId"]))
        {
            outcomes.Add(n.GetString("SubjectId")!);
        }

        Assert.Equal(applicationRows.Select(r => r.RowKey).Order(), outcomes.Order());
    }

    /// <summary>The orchestration history (every column the engine stored) holds no applicant's name or e-mail.</summary>
    public static async Task HistoryHoldsNoPersonalDataAsync(AzuriteFixture azurite, string prefix, string hubName, DemoReport report, IReadOnlyCollection<Persona> sought)
    {
        var people = SyntheticApplicants.Generate(report.Applicants, sought, DemoSettings.DefaultSeed);

        // The scan below proves something only if these are the people the round really stored.
        var stored = new List<string>();
        await foreach (var row in azurite.Tables.GetTableClient(prefix + "Applications").QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey ge {report.RoundId} and PartitionKey lt {report.RoundId + "~"} and RowKey lt {"~"}"), select: ["Email"]))
        {
            stored.Add(row.GetString("Email")!);
        }

        Assert.Equal(people.Select(p => p.Form.Email.ToLowerInvariant()).Order(), stored.Order());
        var secrets = people.SelectMany(p => new[] { p.Form.FullName, p.Form.Email }).ToList();
        foreach (var table in new[] { hubName + "History", hubName + "Instances" })
        {
            var client = azurite.Tables.GetTableClient(table);
            var rows = 0;
            await foreach (var row in client.QueryAsync<TableEntity>())
            {
                rows++;
                var text = string.Join("\n", ((IDictionary<string, object>)row).Values.Select(v => v?.ToString()));
                foreach (var secret in secrets)
                {
                    Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{table} row {row.PartitionKey}/{row.RowKey} contains personal data");
                }
            }

            Assert.True(rows > 0, $"{table} is empty: the scan would prove nothing");
        }
    }
}
