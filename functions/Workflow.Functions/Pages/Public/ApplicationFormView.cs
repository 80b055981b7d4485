using System.Text.Json;
using Workflow.Domain.Applications;
using Workflow.Domain.Municipalities;
using Workflow.Domain.Screening;
using Workflow.Domain.SkillStandard;
using Workflow.Functions.Advertise;
using Workflow.Functions.Apply;
using Workflow.Functions.Http;
using Workflow.Functions.Rounds;

namespace Workflow.Functions.Pages.Public;

/// <summary>The three screens of the application form: input, confirmation (with the résumé), completion.</summary>
internal static class ApplicationFormView
{
    /// <summary>
    /// The confirmation form's command id, new each time the page is drawn: sending that page again (a double click,
    /// a browser's retry) is the same submission; a confirmation drawn again after a refusal is a new one.
    /// </summary>
    public const string CommandIdField = "commandId";

    /// <param name="standard">The version the round pinned: its skill items are assessed and its requirements stated.</param>
    public static HtmlResult Form(RoundRecord round, SkillStandardVersion standard, ApplicationFormValues v, IReadOnlyList<FieldError> errors)
    {
        var sought = round.PersonasSought;
        var personaChoices = Html.Join(sought.Select(p => Check("personas", PublicText.Camel(p), SkillStandardCatalog.DisplayName(p), v.Personas.Contains(p))));
        var skills = Html.Join(sought.Select(p =>
        {
            var profile = standard.For(p);
            return Html.Of($"""
                <fieldset id="persona-{PublicText.Camel(p)}" class="card">
                <legend>{profile.Name}のスキル自己評価</legend>
                <p class="hint">この人材像に応募する場合に、すべての項目を選択してください。</p>
                {profile.AllSkills.Select(s => Field("assess-" + s.Code, s.Name, errors, false, s.Description,
                    Select("assess-" + s.Code, v.Assessments.GetValueOrDefault(s.Code, string.Empty),
                        [.. Enumerable.Range(SelfAssessmentScale.Min, SelfAssessmentScale.Max).Select(l => (l.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{l}：{SelfAssessmentScale.DisplayName(l)}"))], errors)))}
                </fieldset>
                """);
        }));
        var requirements = Html.Join(sought.Select(p => Html.Of($"""
            <div class="hint requirement" id="requirement-{PublicText.Camel(p)}">
            <p><strong>{SkillStandardCatalog.DisplayName(p)}</strong></p>
            {PublicText.Requirement(RequirementView.From(ScreeningRules.Requirement(standard.For(p))))}
            </div>
            """)));
        var qualifications = Html.Join(Enum.GetValues<Qualification>().Select(q => Check("qualifications", PublicText.Camel(q), SkillStandardCatalog.DisplayName(q), v.Qualifications.Contains(q))));
        var frameworks = Enum.GetValues<SkillFramework>().Select(f => (PublicText.Camel(f), SkillStandardCatalog.DisplayName(f))).ToArray();
        var skillLevelRows = Html.Join(v.SkillLevels.Select((row, i) => Html.Of($"""
            <fieldset class="card"><legend>スキルレベル {i + 1}（任意）</legend>
            {Field($"skillLevels-{i}-framework", "枠組み", errors, false, null, Select($"skillLevels-{i}-framework", row.Framework, frameworks, errors))}
            {Field($"skillLevels-{i}-field", "分野・職種", errors, false, "例：ITストラテジスト、プロジェクトマネジメント", Input($"skillLevels-{i}-field", "text", row.Field, errors))}
            {Field($"skillLevels-{i}-level", "レベル", errors, false, null, Select($"skillLevels-{i}-level", row.Level,
                [.. Enumerable.Range(1, 7).Select(l => (l.ToString(System.Globalization.CultureInfo.InvariantCulture), $"レベル{l}"))], errors))}
            </fieldset>
            """)));
        var kinds = Enum.GetValues<ExperienceKind>().Select(k => (PublicText.Camel(k), SkillStandardCatalog.DisplayName(k))).ToArray();
        var experienceRows = Html.Join(v.Experiences.Select((row, i) => Html.Of($"""
            <fieldset class="card"><legend>経験 {i + 1}（任意）</legend>
            {Field($"experiences-{i}-kind", "経験の種類", errors, false, null, Select($"experiences-{i}-kind", row.Kind, kinds, errors))}
            {Field($"experiences-{i}-years", "年数", errors, false, "半角数字（年）", Input($"experiences-{i}-years", "number", row.Years, errors, "inputmode=\"numeric\" min=\"0\" max=\"60\""))}
            {Field($"experiences-{i}-summary", "内容", errors, false, "担当した業務を簡潔に（200文字以内）", Input($"experiences-{i}-summary", "text", row.Summary, errors))}
            </fieldset>
            """)));
        var prefectures = Prefectures.All.Select(p => (p, p)).ToArray();

        return PageLayout.Page("応募フォーム", Html.Of($"""
            {PublicText.Breadcrumbs(("/", "公募一覧"), ($"/calls/{round.RoundId}", round.Title), ("", "応募フォーム"))}
            <h1>応募フォーム</h1>
            <p class="lead">{round.Title}</p>
            <p class="muted">ステップ 1/3：入力 → 2：確認と職務経歴書の添付 → 3：完了</p>
            {PageLayout.ErrorSummary(errors)}
            <form method="post" action="/calls/{round.RoundId}/apply" novalidate>
            <h2>基本情報</h2>
            {Field("fullName", "氏名", errors, true, "例：山田 太郎", Input("fullName", "text", v.FullName, errors, "autocomplete=\"name\""))}
            {Field("fullNameKana", "氏名（カナ）", errors, false, "全角カタカナ　例：ヤマダ タロウ", Input("fullNameKana", "text", v.FullNameKana, errors))}
            {Field("email", "メールアドレス", errors, true, "例：taro@example.jp（選定結果などをお知らせします）", Input("email", "email", v.Email, errors, "autocomplete=\"email\""))}
            {Field("phone", "電話番号", errors, true, "例：03-1234-5678", Input("phone", "tel", v.Phone, errors, "autocomplete=\"tel\""))}
            {Field("prefecture", "お住まいの都道府県", errors, true, null, Select("prefecture", v.Prefecture, prefectures, errors))}
            <h2>応募する人材像</h2>
            {Group("personas", "応募する人材像（複数選択可）", true, errors, personaChoices)}
            <h2 id="field-selfAssessments" tabindex="-1">スキルの自己評価</h2>
            {PageLayout.FieldErrors(errors, "selfAssessments")}
            <p class="hint">1：知識がある　2：支援を受けて実施できる　3：独力で実施できる　4：指導できる</p>
            {skills}
            <h2>資格・スキルレベル・経験</h2>
            <p class="hint">書類選考では、応募する人材像ごとに次の要件を確認します。</p>
            {requirements}
            {Group("qualifications", "保有資格", false, errors, qualifications)}
            {skillLevelRows}
            {experienceRows}
            <h2>人材リストへの掲載</h2>
            <p class="hint">選定され研修を修了した場合の掲載について選んでください。希望する働き方と地域は、応募後に応募状況の確認ページで設定・変更できます。</p>
            {ListingFields.Tiers(v.Listing, errors)}
            <div class="actions"><button type="submit">入力内容を確認する</button></div>
            </form>
            """), current: "/", status: errors.Count > 0 ? 400 : 200);
    }

    public static HtmlResult Confirmation(RoundRecord round, SkillStandardVersion standard, ApplicationRequest r, IReadOnlyList<FieldError> errors)
    {
        var json = JsonSerializer.Serialize(r, Json.Options);
        var assessments = (r.SelfAssessments ?? []).Select(a => standard.TryFindSkill(a.SkillCode, out _, out var skill)
            ? $"{skill.Name}：{a.Level}" : $"{a.SkillCode}：{a.Level}");
        return PageLayout.Page("入力内容の確認", Html.Of($"""
            {PublicText.Breadcrumbs(("/", "公募一覧"), ($"/calls/{round.RoundId}", round.Title), ("", "入力内容の確認"))}
            <h1>入力内容の確認</h1>
            <p class="muted">ステップ 2/3：確認と職務経歴書の添付</p>
            {PageLayout.ErrorSummary(errors)}
            <dl class="summary">
            <dt>氏名</dt><dd>{r.FullName}</dd>
            <dt>氏名（カナ）</dt><dd>{r.FullNameKana}</dd>
            <dt>メールアドレス</dt><dd>{r.Email}</dd>
            <dt>電話番号</dt><dd>{r.Phone}</dd>
            <dt>都道府県</dt><dd>{r.Prefecture}</dd>
            <dt>人材像</dt><dd>{string.Join("、", (r.Personas ?? []).Select(SkillStandardCatalog.DisplayName))}</dd>
            <dt>スキルの自己評価</dt><dd>{string.Join("、", assessments)}</dd>
            <dt>保有資格</dt><dd>{string.Join("、", (r.Qualifications ?? []).Select(SkillStandardCatalog.DisplayName))}</dd>
            <dt>スキルレベル</dt><dd>{string.Join("、", (r.SkillLevels ?? []).Select(l => $"{SkillStandardCatalog.DisplayName(l.Framework)} {l.Field} レベル{l.Level}"))}</dd>
            <dt>経験</dt><dd>{string.Join("、", (r.Experiences ?? []).Select(e => $"{SkillStandardCatalog.DisplayName(e.Kind)} {e.Years}年 {e.Summary}"))}</dd>
            <dt>人材リストへの掲載</dt><dd>{ListingNames.DisplayName(r.ToListing().Tier)}</dd>
            </dl>
            <form method="post" action="/calls/{round.RoundId}/apply/submit" enctype="multipart/form-data" novalidate>
            <input type="hidden" name="application" value="{json}">
            <input type="hidden" name="{CommandIdField}" value="{Guid.NewGuid().ToString("N")}">
            {Field("resume", "職務経歴書（PDF、10MB以下）", errors, true, "PDF形式のファイルを選択してください。", Html.Of($"<input type=\"file\" id=\"field-resume\" name=\"resume\" accept=\"application/pdf,.pdf\" aria-describedby=\"field-resume-hint{(PageLayout.HasError(errors, "resume") ? " field-resume-error" : string.Empty)}\">"))}
            <div class="actions"><button type="submit">この内容で応募する</button></div>
            </form>
            <form method="post" action="/calls/{round.RoundId}/apply">
            <input type="hidden" name="application" value="{json}">
            <input type="hidden" name="edit" value="true">
            <button type="submit" class="secondary">入力内容を修正する</button>
            </form>
            """), current: "/", status: errors.Count > 0 ? 400 : 200);
    }

    public static HtmlResult Completed(RoundRecord round, ApplicationReceipt receipt) => PageLayout.Page("応募を受け付けました", Html.Of($"""
        <h1>応募を受け付けました</h1>
        <p class="muted">ステップ 3/3：完了</p>
        <div class="notice success"><p>{round.Title}への応募を受け付けました（{PublicText.When(receipt.SubmittedAt)}）。</p></div>
        <p><strong>次の受付番号とアクセスキーは、応募状況の確認や応募の取り下げに必要です。この画面を印刷するなどして、大切に保管してください。アクセスキーは再表示できません。</strong></p>
        <dl class="summary">
        <dt>受付番号</dt><dd><span id="receipt-application-id" class="receipt">{receipt.ApplicationId}</span></dd>
        <dt>アクセスキー</dt><dd><span id="receipt-access-token" class="receipt">{receipt.AccessToken}</span></dd>
        </dl>
        <p><a class="button" href="/applications/status">応募状況を確認する</a></p>
        """), current: "/", status: 201);

    private static Markup Field(string name, string label, IReadOnlyList<FieldError> errors, bool required, string? hint, Markup input)
    {
        var id = PageLayout.FieldId(name);
        return Html.Of($"""
            <div class="field{(PageLayout.HasError(errors, name) ? " has-error" : string.Empty)}">
            <label for="{id}">{label}{(required ? Html.Raw("<span class=\"required\">必須</span>") : Markup.Empty)}</label>
            {(hint is null ? Html.Of($"<span id=\"{id}-hint\" hidden></span>") : Html.Of($"<span class=\"hint\" id=\"{id}-hint\">{hint}</span>"))}
            {PageLayout.FieldErrors(errors, name)}
            {input}
            </div>
            """);
    }

    private static Markup Described(string name, IReadOnlyList<FieldError> errors)
    {
        var id = PageLayout.FieldId(name);
        var hasError = PageLayout.HasError(errors, name);
        return Html.Of($" aria-describedby=\"{id}-hint{(hasError ? $" {id}-error" : string.Empty)}\"{(hasError ? Html.Raw(" aria-invalid=\"true\"") : Markup.Empty)}");
    }

    private static Markup Input(string name, string type, string value, IReadOnlyList<FieldError> errors, string extra = "") =>
        Html.Of($"<input type=\"{type}\" id=\"{PageLayout.FieldId(name)}\" name=\"{name}\" value=\"{value}\"{Described(name, errors)} {Html.Raw(extra)}>");

    private static Markup Select(string name, string selected, (string Value, string Label)[] options, IReadOnlyList<FieldError> errors) => Html.Of($"""
        <select id="{PageLayout.FieldId(name)}" name="{name}"{Described(name, errors)}>
        <option value="">選択してください</option>
        {options.Select(o => o.Value == selected
            ? Html.Of($"<option value=\"{o.Value}\" selected>{o.Label}</option>")
            : Html.Of($"<option value=\"{o.Value}\">{o.Label}</option>"))}
        </select>
        """);

    private static Markup Check(string name, string value, string label, bool isChecked) =>
        Html.Of($"<label for=\"{PageLayout.FieldId(name + "-" + value)}\"><input type=\"checkbox\" id=\"{PageLayout.FieldId(name + "-" + value)}\" name=\"{name}\" value=\"{value}\"{(isChecked ? Html.Raw(" checked") : Markup.Empty)}>{label}</label>");

    private static Markup Group(string name, string legend, bool required, IReadOnlyList<FieldError> errors, Markup choices) => Html.Of($"""
        <fieldset id="{PageLayout.FieldId(name)}" class="field{(PageLayout.HasError(errors, name) ? " has-error" : string.Empty)}" tabindex="-1">
        <legend>{legend}{(required ? Html.Raw("<span class=\"required\">必須</span>") : Markup.Empty)}</legend>
        {PageLayout.FieldErrors(errors, name)}
        <div class="choices">{choices}</div>
        </fieldset>
        """);
}
