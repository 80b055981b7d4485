using Workflow.Domain.Appointments;
using Workflow.Domain.SkillStandard;

namespace Workflow.Domain.Tests.Appointments;

public sealed class EvidencePackTests
{
    private static readonly DateTimeOffset Accepted = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static AppointmentTerms Terms(DateOnly start, DateOnly end, EmploymentForm form = EmploymentForm.SpecialPartTime) =>
        new(AppointmentRole.CioAdvisor, "CIO補佐官", form, start, end, 2, WorkStyle.Remote);

    private static EvidenceLine? Line(int year, AppointmentTerms terms, DateTimeOffset? acceptedAt = null, string code = "131016") =>
        EvidencePackFacts.LineFor(year, "R2026-a_1", "R2026-a", "R2026-a_03_x", "山田 太郎", "C123", terms,
            SpecialTaxMeasure.Assess(code, terms, [Persona.Producer]), acceptedAt ?? Accepted);

    [Fact]
    public void A_term_across_two_fiscal_years_counts_in_each_only_for_its_days_within_it()
    {
        var terms = Terms(new DateOnly(2027, 1, 1), new DateOnly(2027, 12, 31));

        var first = Line(2026, terms)!;
        var second = Line(2027, terms)!;

        Assert.Equal((new DateOnly(2027, 1, 1), new DateOnly(2027, 3, 31)), (first.CountedFrom, first.CountedTo));
        Assert.Equal((new DateOnly(2027, 4, 1), new DateOnly(2027, 12, 31)), (second.CountedFrom, second.CountedTo));
        Assert.Null(Line(2025, terms));
        Assert.Null(Line(2028, terms));
    }

    [Fact]
    public void Only_an_accepted_appointment_under_the_measure_is_a_line()
    {
        var terms = Terms(new DateOnly(2027, 4, 1), new DateOnly(2028, 3, 31));

        Assert.NotNull(Line(2027, terms));
        Assert.Null(EvidencePackFacts.LineFor(2027, "a", "r", "c", "n", "C", terms, SpecialTaxMeasure.Assess("131016", terms, [Persona.Producer]), null));
        Assert.Null(Line(2027, Terms(new DateOnly(2027, 4, 1), new DateOnly(2028, 3, 31), EmploymentForm.FixedTerm)));
        Assert.Null(Line(2027, terms, code: "130001"));
    }

    [Fact]
    public void The_pack_number_follows_the_facts_and_the_signed_bytes_change_with_any_field()
    {
        var line = Line(2027, Terms(new DateOnly(2027, 4, 1), new DateOnly(2028, 3, 31)))!;
        var id = EvidencePackFacts.IdFor("131016", 2027, [line]);
        var facts = new EvidencePackFacts(id, "131016", "千代田区", 2027, Accepted, [line]);

        Assert.Equal(id, EvidencePackFacts.IdFor("131016", 2027, [line]));
        Assert.StartsWith("EP2027-131016-", id, StringComparison.Ordinal);
        Assert.NotEqual(id, EvidencePackFacts.IdFor("131016", 2027, [line with { DaysPerWeek = 3 }]));
        Assert.NotEqual(id, EvidencePackFacts.IdFor("131016", 2027, []));
        Assert.NotEqual(facts.CanonicalBytes(), (facts with { Lines = [line with { PersonName = "山田 次郎" }] }).CanonicalBytes());
        Assert.NotEqual(facts.CanonicalBytes(), (facts with { MunicipalityName = "千代田" }).CanonicalBytes());
        Assert.Equal(facts.CanonicalBytes(), (facts with { Lines = [line] }).CanonicalBytes());
    }

    [Fact]
    public void A_pack_of_unshared_lines_keeps_the_first_format_so_its_number_and_bytes_are_what_they_were()
    {
        var line = Line(2027, Terms(new DateOnly(2027, 4, 1), new DateOnly(2028, 3, 31)))!;
        var shared = line with { SharePercent = 40 };

        Assert.Equal(EvidencePackFacts.FormatV1, EvidencePackFacts.FormatFor([line]));
        Assert.Equal(EvidencePackFacts.FormatV2, EvidencePackFacts.FormatFor([line, shared]));
        Assert.NotEqual(EvidencePackFacts.IdFor("131016", 2027, [line]), EvidencePackFacts.IdFor("131016", 2027, [shared]));
        Assert.NotEqual(EvidencePackFacts.IdFor("131016", 2027, [shared]), EvidencePackFacts.IdFor("131016", 2027, [shared with { SharePercent = 60 }]));

        var v2 = new EvidencePackFacts("p", "131016", "千代田区", 2027, Accepted, [shared], EvidencePackFacts.FormatV2);
        Assert.NotEqual(v2.CanonicalBytes(), (v2 with { Lines = [shared with { SharePercent = 60 }] }).CanonicalBytes());

        // A pack recorded before shares existed reads back as the first format, and signs the same bytes as then.
        var stored = System.Text.Json.JsonSerializer.Deserialize<EvidencePackFacts>(
            """{"packId":"p","municipalityCode":"131016","municipalityName":"千代田区","fiscalYear":2027,"issuedAt":"2026-12-01T00:00:00+00:00","lines":[]}""",
            new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;
        Assert.Equal(EvidencePackFacts.FormatV1, stored.Format);
        Assert.Equal(new EvidencePackFacts("p", "131016", "千代田区", 2027, Accepted, []).CanonicalBytes(), stored.CanonicalBytes());
    }

    [Theory]
    [InlineData(2019, "令和元年度")]
    [InlineData(2026, "令和8年度")]
    [InlineData(2018, "平成30年度")]
    public void Fiscal_years_are_named_by_the_year_they_start_in(int year, string name) =>
        Assert.Equal(name, EvidencePackFacts.FiscalYearName(year));
}
