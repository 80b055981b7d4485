using Workflow.Domain.Appointments;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Workflow.Domain.Applications;
using Workflow.Domain.Municipalities;
using Workflow.Domain.Rounds;
using Workflow.Domain.Screening;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Appoint;
using Workflow.Functions.Apply;
using Workflow.Functions.Audit;
using Workflow.Functions.Http;
using Workflow.Functions.Identity;
using Workflow.Functions.Pages;
using Workflow.Functions.Pages.Staff;
using Workflow.Functions.Rounds;
using Workflow.Functions.Select;
using Workflow.Testing;

namespace Workflow.Functions.Tests.Pages;

/// <summary>
/// The staff pages' labels are the server's single definitions, cover every value the API can send, and the
/// scripts keep no copy of their own.
/// </summary>
public sealed partial class LabelsTests
{
    private static readonly Labels Current = Labels.Current;

    private static string ApiKey<T>(T value)
        where T : struct, Enum => JsonSerializer.Serialize(value, Functions.Http.Json.Options).Trim('"');

    private static void AssertNames<T>(IReadOnlyDictionary<string, string> labels, Func<T, string> domainName)
        where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
        {
            Assert.True(labels.TryGetValue(ApiKey(value), out var name), $"{typeof(T).Name}.{value} has no label under '{ApiKey(value)}'.");
            Assert.Equal(domainName(value), name);
        }
    }

    [Fact]
    public void Every_enum_value_the_API_sends_has_the_domains_name_under_the_APIs_spelling()
    {
        AssertNames<RoundState>(Current.State, RoundStateMachine.DisplayName);
        AssertNames<RoundStep>(Current.Step, RoundStateMachine.DisplayName);
        AssertNames<ApplicationStatus>(Current.Status, ApplicationNames.DisplayName);
        AssertNames<PanelDecision>(Current.Decision, ApplicationNames.DisplayName);
        AssertNames<Persona>(Current.Persona, SkillStandardCatalog.DisplayName);
        AssertNames<Qualification>(Current.Qualification, SkillStandardCatalog.DisplayName);
        AssertNames<ExperienceKind>(Current.ExperienceKind, SkillStandardCatalog.DisplayName);
        AssertNames<SkillFramework>(Current.Framework, SkillStandardCatalog.DisplayName);
        AssertNames<AppointmentStatus>(Current.AppointmentStatus, AppointmentNames.DisplayName);
        AssertNames<AppointmentRole>(Current.AppointmentRole, AppointmentNames.DisplayName);
        AssertNames<EmploymentForm>(Current.EmploymentForm, AppointmentNames.DisplayName);
        AssertNames<WorkStyle>(Current.WorkStyle, AppointmentNames.DisplayName);
        AssertNames<ActorRole>(Current.Role, ActorRoleNames.DisplayName);
    }

    [Fact]
    public void Names_without_an_enum_value_come_from_their_definitions()
    {
        Assert.Equal(ApplicationNames.NoDecision, Current.Decision["none"]);
        Assert.Equal(ScreeningNames.Verdict(true), Current.Screening["eligible"]);
        Assert.Equal(ScreeningNames.Verdict(false), Current.Screening["ineligible"]);
        Assert.Equal(ScreeningNames.NotScreened, Current.Screening["notScreened"]);
        Assert.Equal(ScreeningNames.PersonaVerdict(true), Current.Screening["met"]);
        Assert.Equal(ScreeningNames.PersonaVerdict(false), Current.Screening["notMet"]);
        Assert.Equal(ActorRoleNames.System, Current.Role[Actor.SystemLogName]);
        Assert.Equal(Prefectures.All, Current.Prefectures);
        Assert.Equal(TimelineNames.Sources, Current.Source);
        Assert.Equal(TimelineNames.EventTypes, Current.EventType);
        Assert.Equal(RoundCountNames.Funnel, Current.Funnel);
        Assert.Equal(typeof(RoundCounts).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).Where(n => n != "municipalitiesNotified").Order(),
            Current.Funnel.Keys.Order());
    }

    [Fact]
    public void Every_wait_a_round_can_report_is_named()
    {
        foreach (var who in Constants(typeof(Waiting)))
        {
            Assert.True(Current.Waiting.TryGetValue(who, out var name) && name.Length > 0, $"Waiting '{who}' has no name.");
        }
    }

    [Fact]
    public void Every_business_log_action_is_named()
    {
        IEnumerable<string> written =
        [
            .. Constants(typeof(BusinessLogActions)),
            // A deadline passing is no one's command: the orchestration logs it as a state change.
            .. Enum.GetValues<RoundCommand>().Where(c => c != RoundCommand.DeadlinePassed).Select(RoundActions.LoggedAs),
            RoundEvents.ResumeRequested,
            PersonalDataReads.Action,
            ClearConflictOfInterest.Action,
            ApplicantErasure.TombstoneAction,
        ];
        foreach (var action in written)
        {
            Assert.True(Current.Action.TryGetValue(action, out var name) && name.Length > 0, $"Action '{action}' has no name.");
        }
    }

    [Fact]
    public void The_block_cannot_end_its_script_element_and_reads_back_as_the_labels()
    {
        Assert.DoesNotContain('<', Labels.Json);
        using var parsed = JsonDocument.Parse(Labels.Json);
        var state = parsed.RootElement.GetProperty("state");
        foreach (var value in Enum.GetValues<RoundState>())
        {
            Assert.Equal(RoundStateMachine.DisplayName(value), state.GetProperty(ApiKey(value)).GetString());
        }

        Assert.Equal(Prefectures.All.Count, parsed.RootElement.GetProperty("prefectures").GetArrayLength());
    }

    [Fact]
    public void Every_staff_page_carries_the_labels_as_a_JSON_block()
    {
        var page = StaffPage.Render("試験", Section.Operator, "/operator", "operator-rounds", Markup.Empty).Document.Value;

        Assert.Contains($"<script type=\"application/json\" id=\"labels\">{Labels.Json}</script>", page, StringComparison.Ordinal);
    }

    /// <summary>
    /// A hand copy is a name written as a whole string or a whole text between tags ("受付済み", >選定する<). Names
    /// inside longer text ("公募開始日時", "選定の審査") are other words and are not copies, so only whole ones count.
    /// </summary>
    [Theory]
    [InlineData("submitted: \"受付済み\", eligible: 'x'", "受付済み", true)]
    [InlineData("<label><input type=\"radio\"> 選定する</label>", "選定する", true)]
    [InlineData("const s = `研修中`;", "研修中", true)]
    [InlineData("<label>公募開始日時</label>", "公募開始", false)]
    [InlineData("<li>選定の審査</li>", "選定", false)]
    public void A_copy_is_a_whole_string_or_text(string script, string name, bool copy) =>
        Assert.Equal(copy, CopyOf(name).IsMatch(script));

    /// <remarks>
    /// Business log action names are left out: they are ordinary phrases (応募の受付, 任用の申込み) that headings use
    /// too; the timeline reads them from labels, and <see cref="Every_label_a_script_reads_exists"/> keeps it so.
    /// </remarks>
    [Fact]
    public void No_script_keeps_its_own_copy_of_a_name()
    {
        IEnumerable<string> names =
        [
            .. Enum.GetValues<RoundState>().Select(RoundStateMachine.DisplayName),
            .. Enum.GetValues<ApplicationStatus>().Select(ApplicationNames.DisplayName),
            .. Enum.GetValues<ApplicationStatus>().Select(ApplicationNames.ForApplicant),
            .. Enum.GetValues<PanelDecision>().Select(ApplicationNames.DisplayName),
            ApplicationNames.NoDecision,
            ScreeningNames.Verdict(true), ScreeningNames.Verdict(false), ScreeningNames.NotScreened,
            ScreeningNames.PersonaVerdict(true), ScreeningNames.PersonaVerdict(false),
            .. Enum.GetValues<Persona>().Select(SkillStandardCatalog.DisplayName),
            .. Enum.GetValues<Qualification>().Select(SkillStandardCatalog.DisplayName),
            .. Enum.GetValues<SkillFramework>().Select(SkillStandardCatalog.DisplayName),
            .. Enum.GetValues<AppointmentStatus>().Select(AppointmentNames.DisplayName),
            .. Enum.GetValues<AppointmentRole>().Select(AppointmentNames.DisplayName),
            .. Enum.GetValues<EmploymentForm>().Select(AppointmentNames.DisplayName),
            .. Enum.GetValues<WorkStyle>().Select(AppointmentNames.DisplayName),
            .. RoundCountNames.Funnel.Values,
            .. Prefectures.All,
            .. TimelineNames.EventTypes.Values,
            .. TimelineNames.Sources.Values,
        ];
        var patterns = names.Distinct(StringComparer.Ordinal).Select(n => (Name: n, Pattern: CopyOf(n))).ToList();

        var scripts = Directory.GetFiles(ScriptsFolder, "*.js", SearchOption.AllDirectories);
        Assert.NotEmpty(scripts);
        var copies = scripts.SelectMany(file =>
        {
            var text = File.ReadAllText(file);
            return patterns.Where(p => p.Pattern.IsMatch(text)).Select(p => $"{Path.GetFileName(file)}: \"{p.Name}\"");
        }).ToList();

        Assert.True(copies.Count == 0, "Scripts must read these names from labels:\n" + string.Join("\n", copies));
    }

    [Fact]
    public void Every_label_a_script_reads_exists()
    {
        using var parsed = JsonDocument.Parse(Labels.Json);
        var root = parsed.RootElement;
        var missing = new List<string>();
        foreach (var file in Directory.GetFiles(ScriptsFolder, "*.js", SearchOption.AllDirectories))
        {
            foreach (Match m in LabelRead().Matches(File.ReadAllText(file)))
            {
                var group = m.Groups["group"].Value;
                if (!root.TryGetProperty(group, out var names))
                {
                    missing.Add($"{Path.GetFileName(file)}: labels.{group}");
                }
                else if (m.Groups["key"].Success && names.ValueKind == JsonValueKind.Object && !names.TryGetProperty(m.Groups["key"].Value, out _))
                {
                    missing.Add($"{Path.GetFileName(file)}: labels.{group}.{m.Groups["key"].Value}");
                }
            }
        }

        Assert.True(missing.Count == 0, "Scripts read labels the server does not send:\n" + string.Join("\n", missing));
    }

    private static string ScriptsFolder =>
        Path.Combine(RepositoryRoot.Find(), "functions", "Workflow.Functions", "Pages", "Assets", "js");

    private static Regex CopyOf(string name) =>
        new($"""(?<=["'`>]\s*){Regex.Escape(name)}(?=\s*["'`<])""", RegexOptions.CultureInvariant);

    private static IEnumerable<string> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!);

    // labels.state[…] or labels.screening.notScreened; the key only when it is written out.
    [GeneratedRegex(@"\blabels\.(?<group>[A-Za-z]+)(?:\.(?<key>[A-Za-z]+)\b(?!\s*\())?")]
    private static partial Regex LabelRead();
}
