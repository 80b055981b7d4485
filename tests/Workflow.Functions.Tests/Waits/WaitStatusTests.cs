using Workflow.Domain.Appointments;
using System.Text.Json;
using Microsoft.DurableTask.Converters;
using Workflow.Domain.Rounds;
using Workflow.Functions.Appoint;
using Workflow.Functions.Rounds;
using Workflow.Functions.Waits;

namespace Workflow.Functions.Tests.Waits;

/// <summary>
/// The orchestrations' custom statuses: what the engine stores reads back whole, and a status of the first shape, which
/// rounds and appointments started before keep until their orchestrator next sets one, still reads.
/// </summary>
public sealed class WaitStatusTests
{
    private static readonly DateTimeOffset Deadline = new(2026, 3, 31, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Since = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The engine's own converter (the local host's; PascalCase, enums as numbers) and the API's camelCase.</summary>
    public static TheoryData<string> Serializers => ["engine", "camelCase"];

    private static string Serialize(object value, string serializer) => serializer == "engine"
        ? JsonDataConverter.Default.Serialize(value)!
        : JsonSerializer.Serialize(value, Functions.Http.Json.Options);

    [Theory]
    [MemberData(nameof(Serializers))]
    public void An_overdue_commission_round_trips_with_its_missed_deadline_and_the_operator_who_may_still_accept(string serializer)
    {
        var status = new RoundStatus(RoundStep.Commission, RoundState.CommissionOverdue,
            new Wait(Waiting.Ministry, null, Since, Deadline, true, [new WaitParty(Waiting.Operator, "R2026-0a0b0c0d")]), new RoundCounts(Submitted: 3));

        var read = RoundStatuses.Read(Serialize(status, serializer))!;

        Assert.Equal((RoundStep.Commission, RoundState.CommissionOverdue, false), (read.Step, read.State, read.Stalled));
        Assert.Equal((Waiting.Ministry, (string?)null, (DateTimeOffset?)Since, (DateTimeOffset?)Deadline, true),
            (read.Wait.WaitingFor, read.Wait.Organisation, read.Wait.Since, read.Wait.Deadline, read.Wait.Overdue));
        Assert.Equal([new WaitParty(Waiting.Operator, "R2026-0a0b0c0d")], read.Wait.Also);
        Assert.Equal(new RoundCounts(Submitted: 3), read.Counts);
    }

    [Fact]
    public void A_round_status_of_the_first_shape_reads_as_a_wait_with_its_deadline_and_no_start()
    {
        // As the local host's converter wrote RoundStatus(Step, State, WaitingFor, Until, Counts, Stalled): PascalCase, enums as numbers.
        var first = $$"""{"Step":{{(int)RoundStep.Advertise}},"State":{{(int)RoundState.CommissionAccepted}},"WaitingFor":"operator","Until":"2026-03-31T08:00:00+00:00","Counts":{"Submitted":0},"Stalled":false}""";

        var read = RoundStatuses.Read(first)!;

        Assert.Equal((RoundStep.Advertise, RoundState.CommissionAccepted), (read.Step, read.State));
        Assert.Equal(new Wait(Waiting.Operator, null, null, Deadline, false, []), read.Wait with { Also = [] });
        Assert.Empty(read.Wait.Also);
    }

    [Fact]
    public void An_overdue_status_of_the_first_shape_says_whom_it_waits_for_without_a_deadline()
    {
        var read = RoundStatuses.Read("""{"step":"commission","state":"commissionOverdue","waitingFor":"ministry","until":null,"counts":{}}""")!;

        Assert.Equal((Waiting.Ministry, (DateTimeOffset?)null), (read.Wait.WaitingFor, read.Wait.Deadline));
        Assert.Equal(new RoundCounts(), read.Counts);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"step":"nowhere"}""")]
    public void An_unreadable_status_reads_as_none(string raw) => Assert.Null(RoundStatuses.Read(raw));

    [Fact]
    public void The_round_status_keeps_the_first_shapes_fields_for_their_readers()
    {
        var status = new RoundStatus(RoundStep.Apply, RoundState.AcceptingApplications, new Wait(Waiting.Applicants, null, Since, Deadline, false, []), new RoundCounts());

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(status, Functions.Http.Json.Options));

        Assert.Equal("applicants", json.RootElement.GetProperty("waitingFor").GetString());
        Assert.Equal(Deadline, json.RootElement.GetProperty("until").GetDateTimeOffset());
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void An_appointment_status_carries_its_ids_the_asking_municipality_and_the_wait_on_its_person(string serializer)
    {
        var input = new AppointmentInput("R2026-0a0b0c0d", "R2026-0a0b0c0d_0123456789ab", Deadline, "131016");
        var progress = AppointmentProgress.Of(input, new Wait(Waiting.Candidate, null, Since, Deadline, false, []));

        var raw = Serialize(progress, serializer);
        var read = AppointmentProgresses.Read(raw)!;

        Assert.Equal(progress with { Wait = progress.Wait with { Also = [] } }, read with { Wait = read.Wait with { Also = [] } });
        Assert.Equal(("R2026-0a0b0c0d", "R2026-0a0b0c0d_0123456789ab"), AppointmentProgresses.IdsOf("round-R2026-0a0b0c0d-appointment-0123456789ab", read));
        Assert.DoesNotMatch(@"[\p{IsHiragana}\p{IsKatakana}\p{IsCJKUnifiedIdeographs}@]", raw);
    }

    [Fact]
    public void An_appointment_status_of_the_first_shape_reads_with_its_ids_taken_from_the_instance_id()
    {
        // As the orchestrator wrote it: an anonymous object, then, once answered, another.
        var waiting = AppointmentProgresses.Read("""{"waitingFor":"candidate","until":"2026-03-31T08:00:00+00:00"}""")!;
        var answered = AppointmentProgresses.Read("""{"waitingFor":"none","answer":0}""")!;

        Assert.Equal((Waiting.Candidate, (DateTimeOffset?)Deadline, (string?)null), (waiting.Wait.WaitingFor, waiting.Wait.Deadline, waiting.MunicipalityCode));
        Assert.Equal(("R2026-0a0b0c0d", "R2026-0a0b0c0d_0123456789ab"), AppointmentProgresses.IdsOf("round-R2026-0a0b0c0d-appointment-0123456789ab", waiting));
        Assert.Null(AppointmentProgresses.IdsOf("round-R2026-0a0b0c0d", waiting));
        Assert.Equal((Waiting.Nobody, (AppointmentAnswer?)AppointmentAnswer.Accepted), (answered.Wait.WaitingFor, answered.Answer));
    }

    [Theory]
    [InlineData(Waiting.Operator, true)]
    [InlineData(Waiting.Ministry, true)]
    [InlineData(Waiting.Panel, true)]
    [InlineData(Waiting.Applicants, true)]
    [InlineData(Waiting.Municipalities, true)]
    [InlineData(Waiting.Candidate, true)]
    [InlineData(Waiting.Schedule, false)]
    [InlineData(Waiting.Nobody, false)]
    [InlineData("someone", false)]
    public void Only_people_are_waited_on_not_dates_or_work(string role, bool onPeople) => Assert.Equal(onPeople, Waiting.IsOnPeople(role));
}
