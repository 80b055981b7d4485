using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Workflow.Demo;
using Workflow.Domain.Audit;
using Workflow.Domain.Rounds;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Appoint;
using Workflow.Functions.Audit;
using Workflow.Functions.Apply;
using ApplicationStatus = Workflow.Domain.Applications.ApplicationStatus;
using AppointmentStatus = Workflow.Domain.Appointments.AppointmentStatus;
using AppointmentAnswer = Workflow.Domain.Appointments.AppointmentAnswer;
using Workflow.Functions.Rounds;
using Workflow.Functions.Storage;
using Workflow.Functions.Train;
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

    /// <summary>Whether the stored outcome selected the application as at least one persona.</summary>
    private static bool SelectedAsAPersona(TableEntity row) =>
        row.GetString("OutcomesJson") is { } json
        && System.Text.Json.JsonDocument.Parse(json).RootElement.EnumerateArray().Any(o => o.GetProperty("selected").GetBoolean());

    /// <summary>
    /// Every stored application is counted once, and each has exactly one selection outcome notification:
    /// nothing lost, nothing duplicated.
    /// </summary>
    public static async Task NothingLostOrDuplicatedAsync(AzuriteFixture azurite, string prefix, DemoReport report)
    {
        var applications = azurite.Tables.GetTableClient(prefix + "Applications");
        var rows = new List<TableEntity>();
        await foreach (var row in applications.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {report.RoundId} and PartitionKey lt {report.RoundId + "~"}"), select: ["PartitionKey", "RowKey", "Email", "Status", "OutcomesJson"]))
        {
            rows.Add(row);
        }

        var applicationRows = rows.Where(r => !r.RowKey.StartsWith('~')).ToList();
        var emailClaims = rows.Count(r => r.RowKey.StartsWith("~email-", StringComparison.Ordinal));
        Assert.Equal(report.Counts.Submitted, applicationRows.Count);
        Assert.Equal(applicationRows.Count, emailClaims);
        Assert.Equal(applicationRows.Count, applicationRows.Select(r => r.GetString("Email")).Distinct().Count());
        Assert.All(applicationRows, r => Assert.Contains(r.GetString("Status"), new[] { "NotSelected", "Certified", "NotCertified" }));
        Assert.Equal(report.Counts.Selected, applicationRows.Count(SelectedAsAPersona));

        var notifications = azurite.Tables.GetTableClient(prefix + "Notifications");
        var outcomes = new List<string>();
        await foreach (var n in notifications.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {"applicant_" + report.RoundId} and PartitionKey lt {"applicant_" + report.RoundId + "~"} and Kind eq {"SelectionOutcome"}"), select: ["RowKey", "SubjectId"]))
        {
            outcomes.Add(n.GetString("SubjectId")!);
        }

        Assert.Equal(applicationRows.Select(r => r.RowKey).Order(), outcomes.Order());
    }

    /// <summary>
    /// Whether each person the round listed was told so at ⑥ (orchestration version 2, ADR 0021): one notice per listed
    /// person when <paramref name="told"/>, none at all for a round that runs version 1's path.
    /// </summary>
    public static async Task ListedPeopleToldAsync(AzuriteFixture azurite, string prefix, DemoReport report, bool told)
    {
        var notices = new List<string>();
        await foreach (var n in azurite.Tables.GetTableClient(prefix + "Notifications").QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey ge {"applicant_" + report.RoundId} and PartitionKey lt {"applicant_" + report.RoundId + "~"} and Kind eq {Workflow.Functions.Publish.NotifyListedPeopleShard.Kind}"),
                           select: ["SubjectId"]))
        {
            notices.Add(n.GetString("SubjectId")!);
        }

        Assert.True(report.Counts.Published > 0, "the round listed nobody, so nobody could have been told");
        Assert.Equal(told ? report.Counts.Published : 0, notices.Count);
        Assert.Equal(notices.Count, notices.Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>
    /// Every notice the round wrote arrived as one mail at its recipient's address, and nothing else arrived (the
    /// mail server is the test class's own, and only this round's host sends to it): the
    /// mail's id (X-Workflow-Message-Id) is the notice's, the applicant's address is the one on the application, a
    /// municipality's the registry's, the ministry's the configured one. Waits for the dispatcher to finish first.
    /// </summary>
    /// <param name="repeated">
    /// When the host was killed between a mail server's acceptance and the delivery record, how many notices may (and
    /// must at least) have arrived twice: each repeat carries the same Message-ID as the first (ADR 0013).
    /// </param>
    public static async Task EveryNoticeMailedOnceAsync(AzuriteFixture azurite, string prefix, Smtp4devFixture smtp, DemoReport report, string ministryAddress,
        (int Least, int Most)? repeated = null)
    {
        var expected = new Dictionary<string, (string Kind, string To)>(StringComparer.Ordinal);
        var applications = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in azurite.Tables.GetTableClient(prefix + "Applications").QueryAsync<TableEntity>(select: ["RowKey", "Email"]))
        {
            if (!row.RowKey.StartsWith('~'))
            {
                applications[row.RowKey] = row.GetString("Email")!;
            }
        }

        await foreach (var n in azurite.Tables.GetTableClient(prefix + "Notifications").QueryAsync<TableEntity>())
        {
            var to = n.PartitionKey switch
            {
                var p when p.StartsWith("applicant_", StringComparison.Ordinal) => applications[n.GetString("SubjectId")!],
                var p when p.StartsWith("municipality_", StringComparison.Ordinal) => $"dx-{p["municipality_".Length..]}@municipalities.example",
                _ => ministryAddress,
            };
            expected[Workflow.Domain.Mail.NoticeMail.MessageIdOf(n.PartitionKey, n.RowKey)] = (Workflow.Functions.Notifications.NoticeKinds.Of(n.GetString("Kind")!), to);
        }

        Assert.NotEmpty(expected);
        // Distinct ids: a mail repeated after a crash must not stand in for one that has not arrived yet.
        var mails = await smtp.WaitForAsync(m => m.Where(x => x.WorkflowMessageId is { } id && expected.ContainsKey(id)).Select(x => x.WorkflowMessageId).Distinct().Count() >= expected.Count,
            TimeSpan.FromSeconds(60));
        var outbox = azurite.Tables.GetTableClient(prefix + "Outbox");
        await foreach (var waiting in outbox.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"queued"}")))
        {
            Assert.Fail($"mail {waiting.RowKey} ({waiting.GetString("Kind")}) is still queued after every notice's mail arrived");
        }

        var byId = mails.GroupBy(m => m.WorkflowMessageId ?? string.Empty).ToList();
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), byId.Select(g => g.Key).Order(StringComparer.Ordinal));
        var repeats = byId.Sum(g => g.Count() - 1);
        var (least, most) = repeated ?? (0, 0);
        Assert.InRange(repeats, least, most);
        Assert.All(byId, g => Assert.Single(g.Select(m => m.MessageId).Distinct()));
        Assert.All(mails, m => Assert.Equal(expected[m.WorkflowMessageId!].To, m.To));
        Assert.Equal(expected.Values.GroupBy(e => e.Kind).ToDictionary(g => g.Key, g => g.Count()), report.Mails);
        Assert.Equal(report.Counts.Submitted, report.Mails["SelectionOutcome"]);
        Assert.Equal(report.Counts.MunicipalitiesNotified, report.Mails["RosterPublished"]);
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

    /// <summary>
    /// Everything a round left in storage, checked against everything else: round rows against orchestrations,
    /// applications against their e-mail claims, résumés, 修了証, notifications, roster entries and business-log lines,
    /// appointments against their orchestrations, the round's counts against the rows, and each orchestration's history
    /// against itself (every task scheduled was completed, none failed). All disagreements are collected before failing, so
    /// one run shows everything a crash left behind. <paramref name="erased"/> are the applications the test erased.
    /// </summary>
    public static async Task StorageConsistentAsync(
        AzuriteFixture azurite, string prefix, string hubName, DemoReport report, IReadOnlyCollection<string>? erased = null)
    {
        erased ??= [];
        var problems = new List<string>();
        void Check(bool holds, string problem)
        {
            if (!holds)
            {
                problems.Add(problem);
            }
        }

        var roundId = report.RoundId;
        var instances = (await StorageScan.RowsAsync(azurite, hubName, "Instances")).ToDictionary(r => r.PartitionKey, StringComparer.Ordinal);

        // Round rows against round orchestrations: a row nobody runs waits forever. The trigger starts the orchestration
        // before it writes the row (ADR 0007), so a crash in between leaves an orchestration without a row, which must
        // have ended by itself instead of waiting for a round nobody can see.
        var roundRows = await StorageScan.RowsAsync(azurite, prefix, "Rounds");
        foreach (var row in roundRows)
        {
            Check(instances.ContainsKey(RoundIds.InstanceId(row.RowKey)), $"round row {row.RowKey} ({row.GetString("State")}) has no orchestration");
        }

        foreach (var instance in instances.Values.Where(i => i.GetString("Name") == nameof(RecruitingRoundOrchestration)))
        {
            Check(roundRows.Any(r => RoundIds.InstanceId(r.RowKey) == instance.PartitionKey) || instance.GetString("RuntimeStatus") == "Completed",
                $"orchestration {instance.PartitionKey} has no round row and is {instance.GetString("RuntimeStatus")}");
        }

        Check(instances.TryGetValue(report.InstanceId, out var roundInstance) && roundInstance.GetString("RuntimeStatus") == "Completed",
            $"round orchestration {report.InstanceId} is not Completed");

        // Applications against their e-mail claims.
        var partitionRows = await StorageScan.PartitionsStartingWithAsync(azurite, prefix, "Applications", roundId);
        var applications = partitionRows.Where(r => !r.RowKey.StartsWith('~')).ToDictionary(r => r.RowKey, StringComparer.Ordinal);
        var claims = partitionRows.Where(r => r.RowKey.StartsWith("~email-", StringComparison.Ordinal)).ToList();
        foreach (var application in applications.Values)
        {
            var own = claims.Where(c => c.GetString("ApplicationId") == application.RowKey).ToList();
            Check(own.Count == 1 && own[0].PartitionKey == application.PartitionKey, $"application {application.RowKey} has {own.Count} e-mail claims in its partition");
        }

        foreach (var claim in claims)
        {
            Check(applications.ContainsKey(claim.GetString("ApplicationId") ?? string.Empty), $"e-mail claim {claim.PartitionKey}/{claim.RowKey} names no stored application ({claim.GetString("ApplicationId")})");
        }

        Check(applications.Values.Select(a => a.GetString("Email")).Distinct().Count() == applications.Count, "two applications share an e-mail address");
        Check(erased.All(id => !applications.ContainsKey(id)), "an erased application is still stored");

        // Applications against their résumés: no application without one, no résumé without its application.
        var resumes = (await StorageScan.DocumentsAsync(azurite, prefix, "resumes/" + roundId)).ToHashSet(StringComparer.Ordinal);
        foreach (var application in applications.Values)
        {
            Check(resumes.Contains(application.GetString("ResumeBlob") ?? string.Empty), $"application {application.RowKey} has no résumé blob");
        }

        foreach (var resume in resumes)
        {
            Check(applications.Values.Any(a => a.GetString("ResumeBlob") == resume), $"résumé blob {resume} belongs to no application");
        }

        // 修了証: exactly the certified have one, a signed record of their name and the round's sessions; no document is
        // stored (the PDF is drawn from the record). A revoked one (erasure) keeps no application id and no name.
        var certificateRows = (await StorageScan.RowsAsync(azurite, prefix, "Certificates"))
            .Where(r => r.GetString("RoundId") == roundId && r.GetDateTimeOffset("RevokedAt") is null).ToDictionary(r => r.PartitionKey, StringComparer.Ordinal);
        Check((await StorageScan.DocumentsAsync(azurite, prefix, $"certificates/{roundId}/")).Count == 0, "certificate documents are stored beside the signed records");
        foreach (var application in applications.Values)
        {
            var id = CertificateStore.IdFor(application.RowKey);
            var certified = application.GetString("Status") == nameof(ApplicationStatus.Certified);
            Check(certified == certificateRows.ContainsKey(id), $"application {application.RowKey} is {application.GetString("Status")} but {(certified ? "has no" : "has a")} certificate row");
            Check(!certified || application.GetString("CertificateId") == id, $"application {application.RowKey} names certificate {application.GetString("CertificateId")}, not {id}");
            if (certified && certificateRows.TryGetValue(id, out var certificate))
            {
                Check(certificate.GetString("HolderName") == application.GetString("FullName"), $"certificate {id} names someone else than application {application.RowKey}");
            }
        }

        foreach (var (id, row) in certificateRows)
        {
            Check(applications.ContainsKey(row.GetString("ApplicationId") ?? string.Empty), $"certificate {id} names no stored application");
            Check(row.GetBinary("Signature") is { Length: 64 } && !string.IsNullOrEmpty(row.GetString("KeyId")), $"certificate {id} is not signed");
            Check(row.GetInt32("SessionCount") is >= 5 and <= 6, $"certificate {id} counts {row.GetInt32("SessionCount")} sessions");
        }

        // Notifications to applicants: at most one screening result and one selection outcome each, one training result for each trainee, none for anyone else.
        var notices = await StorageScan.PartitionsStartingWithAsync(azurite, prefix, "Notifications", $"applicant_{roundId}_");
        foreach (var application in applications.Values)
        {
            int Count(string kind) => notices.Count(n => n.GetString("SubjectId") == application.RowKey && n.GetString("Kind") == kind);
            Check(Count("SelectionOutcome") == 1, $"application {application.RowKey} has {Count("SelectionOutcome")} selection outcome notifications");
            // None only for an application that arrived as the window closed and was screened at the conclusion.
            Check(Count("ScreeningResult") <= 1, $"application {application.RowKey} has {Count("ScreeningResult")} screening result notifications");
            var trained = application.GetString("Status") is nameof(ApplicationStatus.Certified) or nameof(ApplicationStatus.NotCertified);
            Check(Count("TrainingCompleted") == (trained ? 1 : 0), $"application {application.RowKey} ({application.GetString("Status")}) has {Count("TrainingCompleted")} training notifications");
        }

        foreach (var notice in notices)
        {
            Check(applications.ContainsKey(notice.GetString("SubjectId") ?? string.Empty), $"notification {notice.PartitionKey}/{notice.RowKey} is about no stored application");
        }

        var rosterNotices = (await StorageScan.RowsAsync(azurite, prefix, "Notifications", TableClient.CreateQueryFilter($"RoundId eq {roundId} and Kind eq {"RosterPublished"}")))
            .GroupBy(n => n.PartitionKey).ToList();
        Check(rosterNotices.Count == report.Counts.MunicipalitiesNotified && rosterNotices.All(g => g.Count() == 1),
            $"{rosterNotices.Count} municipalities have roster notices ({rosterNotices.Sum(g => g.Count())} in all); the round says {report.Counts.MunicipalitiesNotified} were told");

        // The roster: a row for exactly the certified, each showing the tier the person chose (hidden rows included:
        // a person who chose not to be listed can change their mind), and the round's count is of those listed.
        var roster = await StorageScan.PartitionsStartingWithAsync(azurite, prefix, "Roster", roundId);
        var onRoster = applications.Values.Where(a => a.GetString("Status") == nameof(ApplicationStatus.Certified))
            .Select(a => a.RowKey).Order(StringComparer.Ordinal).ToList();
        Check(onRoster.SequenceEqual(roster.Select(r => r.RowKey).Order(StringComparer.Ordinal)),
            $"the roster has {roster.Count} rows, {onRoster.Count} are certified");
        foreach (var entry in roster.Where(r => applications.ContainsKey(r.RowKey)))
        {
            var application = applications[entry.RowKey];
            var tier = application.GetString("ListingJson") is { } listing
                ? System.Text.Json.JsonDocument.Parse(listing).RootElement.GetProperty("tier").GetString()
                : application.GetBoolean("ConsentToPublication") == true ? "public" : "notListed";
            Check(entry.GetBoolean("Listed") == (tier != "notListed") && entry.GetBoolean("Public") == (tier == "public"),
                $"{entry.RowKey} chose {tier} but its roster row says listed={entry.GetBoolean("Listed")}, public={entry.GetBoolean("Public")}");
        }

        // Each listed person is listed only under the personas they were selected as.
        foreach (var entry in roster.Where(r => applications.ContainsKey(r.RowKey)))
        {
            var listedAs = System.Text.Json.JsonDocument.Parse(entry.GetString("EntryJson")!).RootElement.GetProperty("personas").EnumerateArray().Select(p => p.GetString()).ToList();
            var selectedAs = System.Text.Json.JsonDocument.Parse(applications[entry.RowKey].GetString("OutcomesJson") ?? "[]").RootElement.EnumerateArray()
                .Where(o => o.GetProperty("selected").GetBoolean()).Select(o => o.GetProperty("persona").GetString()).ToList();
            Check(listedAs.Count > 0 && listedAs.SequenceEqual(selectedAs), $"{entry.RowKey} is listed as {string.Join("/", listedAs)} but was selected as {string.Join("/", selectedAs)}");
        }

        // Appointments against their orchestrations and candidates; each person's row of accepted terms against their
        // accepted appointments (the rows after "~" are those, written with each acceptance).
        var appointmentRows = await StorageScan.RowsAsync(azurite, prefix, "Appointments", TableClient.CreateQueryFilter($"PartitionKey eq {roundId}"));
        var appointments = appointmentRows.Where(r => !r.RowKey.StartsWith('~')).ToList();
        foreach (var commitments in appointmentRows.Where(r => r.RowKey.StartsWith("~commitments_", StringComparison.Ordinal)))
        {
            var candidate = commitments.RowKey["~commitments_".Length..];
            var held = System.Text.Json.JsonDocument.Parse(commitments.GetString("TermsJson") ?? "[]").RootElement.GetArrayLength();
            var accepted = appointments.Count(a => a.GetString("CandidateId") == candidate && a.GetString("Status") == nameof(AppointmentStatus.Accepted) && a.GetString("TermsJson") is not null);
            Check(applications.ContainsKey(candidate), $"commitments {commitments.RowKey} name no stored candidate");
            Check(held == accepted, $"commitments {commitments.RowKey} hold {held} terms but the person accepted {accepted} appointments with terms");
        }

        foreach (var appointment in appointments)
        {
            var instanceId = AppointmentIds.InstanceId(roundId, appointment.RowKey);
            Check(applications.ContainsKey(appointment.GetString("CandidateId") ?? string.Empty), $"appointment {appointment.RowKey} names no stored candidate");
            Check(instances.TryGetValue(instanceId, out var instance) && instance.GetString("RuntimeStatus") == "Completed"
                    && AnswerOf(instance.GetString("Output")) == appointment.GetString("Status"),
                $"appointment {appointment.RowKey} is {appointment.GetString("Status")} but its orchestration is {(instances.TryGetValue(instanceId, out var i) ? i.GetString("RuntimeStatus") + " with " + i.GetString("Output") : "missing")}");
        }

        // The round's counts against the rows (erasures happen after the round counted).
        var c = report.Counts;
        Check(c.Submitted == applications.Count + erased.Count, $"the round counted {c.Submitted} applications, {applications.Count} are stored and {erased.Count} erased");
        if (erased.Count == 0)
        {
            Check(c.Eligible == applications.Values.Count(a => a.GetBoolean("Eligible") == true), $"the round counted {c.Eligible} eligible, the rows say {applications.Values.Count(a => a.GetBoolean("Eligible") == true)}");
            Check(c.Selected == applications.Values.Count(SelectedAsAPersona), $"the round counted {c.Selected} selected, the rows say {applications.Values.Count(SelectedAsAPersona)}");
            Check(c.Certified == certificateRows.Count, $"the round counted {c.Certified} certified, {certificateRows.Count} certificates are stored");
            var listed = roster.Count(r => r.GetBoolean("Listed") == true);
            Check(c.Published == listed, $"the round counted {c.Published} published, the roster lists {listed} (of {roster.Count} rows)");
            var accepted = appointments.Count(a => a.GetString("Status") == nameof(AppointmentStatus.Accepted));
            Check(c.Appointed == accepted, $"the round counted {c.Appointed} appointed, {accepted} appointments are accepted");
        }

        // The business log: each stored application submitted once; each state entered once; each erasure tombstoned once;
        // and its chain verifies from the first entry to the head, however many processes and crashes wrote it.
        var chain = await StorageScan.RowsAsync(azurite, prefix, "AuditLog", TableClient.CreateQueryFilter($"PartitionKey eq {roundId}"));
        var log = chain.Where(l => !l.RowKey.StartsWith(BusinessLog.ControlRowPrefix, StringComparison.Ordinal)).ToList();
        var head = chain.SingleOrDefault(l => l.RowKey == BusinessLog.HeadRowKey);
        // The round sealed its chain as it ended (anything logged later, an erasure's tombstone, follows the seal).
        var storage = new WorkflowStorage(new TableServiceClient(AzuriteFixture.ConnectionString), new BlobServiceClient(AzuriteFixture.ConnectionString), prefix);
        var (seals, _) = await new LogSeals(storage).ReadAsync(roundId);
        var verified = ChainVerifier.Verify(roundId,
            log.Select(BusinessLog.StoredEntryOf).ToList(), head is null ? null : BusinessLog.HeadOf(head), seals);
        Check(verified.Intact, $"the business log's chain breaks: {verified.Break?.Message}");
        Check(seals.Count > 0 && verified.Sealed is not null, $"the completed round's business log has {seals.Count} seals, none verified");
        var submitted = log.Where(l => l.GetString("Action") == "ApplicationSubmitted").GroupBy(l => l.GetString("Subject") ?? string.Empty).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var id in applications.Keys.Concat(erased))
        {
            Check(submitted.GetValueOrDefault(id) == 1, $"application {id} was logged as submitted {submitted.GetValueOrDefault(id)} times");
        }

        foreach (var (id, _) in submitted)
        {
            Check(applications.ContainsKey(id) || erased.Contains(id), $"the log says {id} was submitted, but it is not stored");
        }

        foreach (var state in log.Where(l => l.GetString("Action") == "StateChanged").GroupBy(l => l.GetString("Subject")))
        {
            Check(state.Count() == 1, $"the round entered {state.Key} {state.Count()} times in the log");
        }

        foreach (var id in erased)
        {
            Check(log.Count(l => l.GetString("Action") == ApplicantErasure.TombstoneAction && l.GetString("Subject") == id) == 1, $"erased application {id} has no single tombstone");
        }

        // Each orchestration of the round against its own history: started and ended once, no task lost or failed.
        var histories = (await StorageScan.PartitionsStartingWithAsync(azurite, hubName, "History", report.InstanceId)).GroupBy(r => r.PartitionKey);
        foreach (var history in histories)
        {
            var events = history.Select(e => (Type: e.GetString("EventType"), e)).ToList();
            int Of(string type) => events.Count(e => e.Type == type);
            Check(Of("ExecutionStarted") == 1 && Of("ExecutionCompleted") == 1,
                $"{history.Key}: {Of("ExecutionStarted")} starts and {Of("ExecutionCompleted")} completions");
            Check(Of("TaskFailed") == 0, $"{history.Key}: {Of("TaskFailed")} failed tasks");

            // A task may be completed twice: an episode that died before saving its history had already sent the task,
            // and it ran again once the episode was replayed. Activities are at-least-once; the orchestration keeps the first.
            var scheduled = events.Where(e => e.Type == "TaskScheduled").Select(e => e.e.GetInt32("EventId")).ToHashSet();
            var completed = events.Where(e => e.Type == "TaskCompleted").Select(e => e.e.GetInt32("TaskScheduledId")).ToHashSet();
            Check(scheduled.SetEquals(completed),
                $"{history.Key}: tasks scheduled but never completed [{string.Join(",", scheduled.Except(completed))}], completed but never scheduled [{string.Join(",", completed.Except(scheduled))}]");
        }

        Assert.True(problems.Count == 0, $"storage of round {roundId} is inconsistent:\n  " + string.Join("\n  ", problems));
    }

    /// <summary>The appointment orchestration's output, an <see cref="AppointmentAnswer"/> as the data converter wrote it (a number).</summary>
    private static string? AnswerOf(string? output)
    {
        if (output is null)
        {
            return null;
        }

        using var json = JsonDocument.Parse(output);
        return json.RootElement.ValueKind == JsonValueKind.Number ? ((AppointmentAnswer)json.RootElement.GetInt32()).ToString() : json.RootElement.GetString();
    }
}
