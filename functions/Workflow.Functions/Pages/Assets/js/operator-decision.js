// 受託事業者: one application — first the conflict-of-interest declaration, then the applicant's details and, per
// persona, the panel's scores side by side above the decision. Reviewers score on their own, name-blind page.
import { api, command, html, render, dateTime, labels, announce, requireSignIn, download, showProblem, clearProblem, claims } from "/assets/js/common.js";
import { routeParams, loadRound, loadSkillStandard, problemNotice, personaNames, stateLabel, statusLabel, decisionLabel, screeningMarkup, decisionsText, panelScoresMarkup } from "/assets/js/operator-shared.js";

export async function start(app) {
  if (!requireSignIn(app)) return;
  const { roundId, applicationId } = routeParams();
  const base = `/api/rounds/${encodeURIComponent(roundId)}/applications/${encodeURIComponent(applicationId)}`;
  const listHref = `/operator/rounds/${encodeURIComponent(roundId)}/applications`;
  const panelHref = `/operator/rounds/${encodeURIComponent(roundId)}/panel`;

  // Only the operator decides; a reviewer scores this application on the name-blind page instead.
  if (claims().role === "reviewer") {
    const scoringHref = `/reviewer/rounds/${encodeURIComponent(roundId)}/applications/${encodeURIComponent(applicationId)}`;
    render(app, html`<div class="notice"><p>選定委員は、この応募を匿名の審査資料で採点します。決定は受託事業者が選定委員会の結果をもとに記録します。</p>
      <p><a href="${scoringHref}">この応募を採点する（受付番号 ${applicationId}）</a></p></div>`);
    return;
  }

  const [round, standard] = await Promise.all([loadRound(roundId), loadSkillStandard(roundId)]);
  if (!round.ok) {
    problemNotice(app, round, "公募ラウンドを読み込めませんでした。");
    return;
  }
  const r = round.body;

  render(app, html`
    <nav class="breadcrumbs" aria-label="現在の位置"><ol>
      <li><a href="/operator">担当する公募</a></li>
      <li><a href="${listHref}">応募の一覧</a></li>
      <li><span aria-current="page">選定の審査</span></li>
    </ol></nav>
    <p class="lead">${r.title}（${r.fiscalYear}年度） ・ 受付番号 ${applicationId}</p>
    <p>段階：<span class="badge">${r.stepName}</span> ${stateLabel(r.state)}</p>
    <section aria-labelledby="declaration-title">
      <h2 id="declaration-title">1. 利益相反の申告</h2>
      <p>この応募者と利害関係（親族、同じ勤務先、取引関係など）があるときは「あり」を選んでください。「あり」の場合、この応募の審査・決定には加われません。申告は記録されます。</p>
      <form id="declaration" novalidate>
        <fieldset id="field-hasConflict-group">
          <legend>この応募者との利益相反<span class="required">必須</span></legend>
          <div class="choices">
            <label><input type="radio" id="field-hasConflict" name="hasConflict" value="false"> 利益相反なし（審査に加わる）</label>
            <label><input type="radio" id="hasConflict-true" name="hasConflict" value="true"> 利益相反あり（審査に加わらない）</label>
          </div>
        </fieldset>
        <div class="actions"><button type="submit">申告する</button></div>
      </form>
      <div id="declared"></div>
    </section>
    <section aria-labelledby="detail-title">
      <h2 id="detail-title">2. 応募の内容</h2>
      <div id="detail"><p class="muted">応募者の情報は、利益相反がないことを申告した後に表示します。</p></div>
    </section>
    <section aria-labelledby="decision-title">
      <h2 id="decision-title">3. 選定委員会の決定</h2>
      <div id="decision"><p class="muted">利益相反がないことを申告した後に記録できます。</p></div>
    </section>`);

  const declaration = app.querySelector("#declaration");
  const detail = app.querySelector("#detail");
  const decision = app.querySelector("#decision");

  // Operators may read the details before declaring; reviewers get 409 until they have declared.
  const showDetail = async () => {
    const result = await api("GET", base);
    if (!result.ok) {
      if (result.status !== 409) problemNotice(detail, result, "応募の内容を読み込めませんでした。");
      return null;
    }
    render(detail, detailMarkup(result.body, standard));
    detail.querySelector("#resume")?.addEventListener("click", () => downloadResume(base, applicationId));
    return result.body;
  };

  // A decision is on one persona: the form asks for which of those screening found eligible, and shows the panel's
  // scores and what is recorded for the chosen one.
  const showDecisionForm = async (current) => {
    const summary = current?.summary;
    let decisions = [...(summary?.decisions ?? [])];
    if (r.state !== "panelReview") {
      render(decision, html`<p class="notice">決定を記録できるのは「${stateLabel("panelReview")}」の段階だけです。現在は「${stateLabel(r.state)}」です。${decisions.length ? html`記録済みの決定：${decisionsText(decisions)}` : ""}</p>`);
      return;
    }
    const eligible = (summary?.screening?.perPersona ?? []).filter((p) => p.eligible).map((p) => p.persona);
    if (summary && (summary.eligible !== true || eligible.length === 0)) {
      render(decision, html`<p class="notice">この応募は書類選考の要件を満たしていないため、決定を記録できません。</p>`);
      return;
    }
    const recordedFor = (persona) => decisions.find((d) => d.persona === persona);
    // The overview links here with the persona of its row.
    const asked = new URLSearchParams(location.search).get("persona");
    const initial = eligible.includes(asked) ? asked : eligible[0];
    const first = recordedFor(initial);
    const scores = await api("GET", `${base}/scores`);
    render(decision, html`
      <div id="panel-result"></div>
      <form id="decision-form" novalidate>
        <fieldset id="field-persona-group">
          <legend>人材像<span class="required">必須</span></legend>
          <span class="hint" id="field-persona-hint">書類選考の要件を満たした人材像ごとに決定します。選定された人材像でのみ、研修・人材リストへの掲載・任用の対象になります。</span>
          <div class="choices">
            ${eligible.map((p, i) => html`<label><input type="radio" id="${i === 0 ? "field-persona" : `persona-${p}`}" name="persona" value="${p}" aria-describedby="field-persona-hint" ${p === initial ? html`checked` : ""}> ${personaNames([p])}</label>`)}
          </div>
        </fieldset>
        <fieldset id="field-decision-group">
          <legend>決定<span class="required">必須</span></legend>
          <div class="choices">
            <label><input type="radio" id="field-decision" name="decision" value="selected" ${first?.decision === "selected" ? html`checked` : ""}> ${decisionLabel("selected")}</label>
            <label><input type="radio" id="decision-notSelected" name="decision" value="notSelected" ${first?.decision === "notSelected" ? html`checked` : ""}> ${decisionLabel("notSelected")}</label>
          </div>
        </fieldset>
        <div class="field">
          <label for="field-reason">理由<span class="required" id="reason-required" ${first?.decision === "notSelected" ? "" : html`hidden`}>必須</span></label>
          <span class="hint" id="field-reason-hint">選定しない場合は必須です（1000文字以内）。理由は応募者への通知に使われます。</span>
          <textarea id="field-reason" name="reason" maxlength="1000" aria-describedby="field-reason-hint">${first?.reason ?? ""}</textarea>
        </div>
        <div class="actions"><button type="submit">決定を記録する</button></div>
      </form>
      <div id="decided"></div>`);
    const form = decision.querySelector("#decision-form");
    const mark = form.querySelector("#reason-required");
    const reason = form.querySelector("#field-reason");
    const chosenPersona = () => form.querySelector("input[name=persona]:checked")?.value ?? null;
    const resultBox = decision.querySelector("#panel-result");
    const showResult = () => {
      const persona = chosenPersona();
      if (!scores.ok) {
        problemNotice(resultBox, scores, "選定委員会の採点を読み込めませんでした。");
        return;
      }
      const p = (scores.body.personas ?? []).find((x) => x.persona === persona);
      render(resultBox, p ? html`<h3>${personaNames([persona])}：選定委員会の採点</h3>${panelScoresMarkup(p)}
        ${p.result && !p.result.quorumMet ? html`<p class="notice">定足数に達するまで、この人材像の決定は記録できません。<a href="${panelHref}">選定委員会の採点の状況</a></p>` : ""}` : html``);
    };
    showResult();
    const sync = () => {
      const needed = form.querySelector("input[name=decision]:checked")?.value === "notSelected";
      mark.hidden = !needed;
      if (needed) reason.setAttribute("aria-required", "true"); else reason.removeAttribute("aria-required");
    };
    // Choosing another persona shows what is recorded for it, so one is never saved over another by mistake.
    form.querySelectorAll("input[name=persona]").forEach((i) => i.addEventListener("change", () => {
      const recorded = recordedFor(chosenPersona());
      form.querySelectorAll("input[name=decision]").forEach((d) => { d.checked = d.value === recorded?.decision; });
      reason.value = recorded?.reason ?? "";
      sync();
      showResult();
    }));
    form.querySelectorAll("input[name=decision]").forEach((i) => i.addEventListener("change", sync));
    sync();
    const decide = command();
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearProblem(form);
      const chosen = form.querySelector("input[name=decision]:checked")?.value ?? null;
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      const result = await api("PUT", `${base}/decision`, {
        json: { decision: chosen, reason: reason.value.trim() === "" ? null : reason.value, persona: chosenPersona() }, idempotencyKey: decide.id(),
      });
      button.disabled = false;
      if (!result.ok) {
        showProblem(form, result.problem);
        announce(result.problem?.title ?? "記録できませんでした。", "error");
        return;
      }
      decide.done();
      const saved = result.body;
      decisions = [...decisions.filter((d) => d.persona !== saved.persona), saved];
      const what = `${personaNames([saved.persona])}：${decisionLabel(saved.decision)}`;
      const done = decision.querySelector("#decided");
      render(done, html`<div class="notice success" id="decided-notice" tabindex="-1">
        <p><strong>「${what}」と記録しました。</strong></p>
        ${saved.reason ? html`<p>理由：${saved.reason}</p>` : ""}
        <p>受託事業者が選定を確定するまでは、記録し直すことができます。</p>
        <p><a href="${listHref}">応募の一覧へ戻る</a></p>
      </div>`);
      const recorded = document.getElementById("recorded-decision");
      if (recorded) recorded.textContent = decisionsText(decisions);
      announce(`「${what}」と記録しました。`, "success");
      done.querySelector("#decided-notice").focus();
    });
  };

  // What was declared before: a conflict stays declared, so the page says so instead of asking again.
  const showDeclared = (declared) => {
    const notice = app.querySelector("#declared");
    if (!declared?.declared) {
      if (declared?.message && declared.history?.length) render(notice, html`<p class="notice">${declared.message}</p>`);
      return false;
    }
    render(notice, html`<p class="notice" id="declared-notice">${declared.message}（${dateTime(declared.declaredAt)}）</p>`);
    if (declared.hasConflict) {
      declaration.hidden = true;
      render(detail, html`<p class="muted">利益相反ありと申告したため、応募の内容は表示しません。申告の取消しは、総務省または受託事業者が理由を付けて行います。</p>`);
      render(decision, html`<p class="notice">この応募の審査・決定には加われません。<a href="${listHref}">応募の一覧へ戻る</a></p>`);
    } else {
      declaration.querySelector("#field-hasConflict").checked = true;
    }
    return true;
  };

  const declare = command();
  declaration.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearProblem(declaration);
    const chosen = declaration.querySelector("input[name=hasConflict]:checked")?.value;
    if (chosen === undefined) {
      showProblem(declaration, { title: "入力内容を確認してください。", errors: { hasConflict: ["利益相反の有無を選択してください。"] } });
      return;
    }
    const button = declaration.querySelector("button[type=submit]");
    button.disabled = true;
    const result = await api("PUT", `${base}/conflict-of-interest`, { json: { hasConflict: chosen === "true" }, idempotencyKey: declare.id() });
    button.disabled = false;
    if (!result.ok) {
      showProblem(declaration, result.problem);
      announce(result.problem?.title ?? "申告できませんでした。", "error");
      return;
    }
    declare.done();
    const declared = app.querySelector("#declared");
    render(declared, html`<p class="notice success" id="declared-notice" tabindex="-1">${result.body.message}</p>`);
    announce(result.body.message, "success");
    if (result.body.hasConflict) {
      declaration.hidden = true;
      render(detail, html`<p class="muted">利益相反ありと申告したため、応募の内容は表示しません。申告の取消しは、総務省または受託事業者が理由を付けて行います。</p>`);
      render(decision, html`<p class="notice">この応募の審査・決定には加われません。<a href="${listHref}">応募の一覧へ戻る</a></p>`);
    } else {
      const current = await showDetail();
      await showDecisionForm(current);
    }
    declared.querySelector("#declared-notice").focus();
  });

  const own = await api("GET", `${base}/conflict-of-interest`);
  const declared = own.ok ? own.body : null;
  if (showDeclared(declared) && declared.hasConflict) return;
  const current = await showDetail();
  if (declared?.declared) await showDecisionForm(current);
}

function detailMarkup(d, standard) {
  const s = d.summary;
  const p = d.profile ?? {};
  const qualificationName = (q) => labels.qualification[q] ?? q;
  const experienceName = (k) => labels.experienceKind[k] ?? k;
  const skills = new Map(standard.personas.flatMap((persona) => [...(persona.technicalSkills ?? []), ...(persona.humanSkills ?? [])]).map((i) => [i.code, i.name]));
  return html`
    <dl class="summary">
      <dt>氏名</dt><dd>${s.fullName}${d.fullNameKana ? html`（${d.fullNameKana}）` : ""}</dd>
      <dt>都道府県</dt><dd>${s.prefecture}</dd>
      <dt>メールアドレス</dt><dd>${d.email}</dd>
      <dt>電話番号</dt><dd>${d.phone}</dd>
      <dt>応募した人材像</dt><dd>${personaNames(s.personas)}</dd>
      <dt>受付日時</dt><dd>${dateTime(s.submittedAt)}</dd>
      <dt>状態</dt><dd>${statusLabel(s.status)}</dd>
      <dt>書類選考</dt><dd>${screeningMarkup(s.screening, s.eligible)}</dd>
      <dt>記録済みの決定</dt><dd id="recorded-decision">${decisionsText(s.decisions)}</dd>
      <dt>資格</dt><dd>${(p.qualifications ?? []).length ? (p.qualifications ?? []).map(qualificationName).join("、") : "なし"}</dd>
      <dt>スキルレベル</dt><dd>${(p.skillLevels ?? []).length ? html`<ul>${p.skillLevels.map((l) => html`<li>${labels.framework[l.framework] ?? l.framework} ${l.field} レベル${l.level}</li>`)}</ul>` : "なし"}</dd>
      <dt>人材リストへの掲載</dt><dd>${labels.listing[d.listing] ?? d.listing}（${d.preferences}）</dd>
    </dl>
    ${(p.experiences ?? []).length ? html`<div class="table-wrap"><table>
      <caption>経験</caption>
      <thead><tr><th scope="col">経験の種類</th><th scope="col">年数</th><th scope="col">内容</th></tr></thead>
      <tbody>${p.experiences.map((e) => html`<tr><th scope="row">${experienceName(e.kind)}</th><td>${e.years}年</td><td>${e.summary}</td></tr>`)}</tbody>
    </table></div>` : ""}
    ${(p.selfAssessments ?? []).length ? html`<details><summary>スキルの自己評価（${p.selfAssessments.length}項目）</summary><div class="table-wrap"><table>
      <caption>スキルの自己評価（1: 知識がある ～ 4: 指導できる）</caption>
      <thead><tr><th scope="col">スキル</th><th scope="col">自己評価</th></tr></thead>
      <tbody>${p.selfAssessments.map((a) => html`<tr><th scope="row">${skills.get(a.skillCode) ?? a.skillCode}</th><td>${a.level}</td></tr>`)}</tbody>
    </table></div></details>` : ""}
    <p class="actions"><button type="button" class="secondary" id="resume">職務経歴書（PDF）をダウンロード</button></p>`;
}

/** The résumé needs the staff token, so it is fetched here and handed to the browser as a file. */
async function downloadResume(base, applicationId) {
  announce("職務経歴書を取得しています…");
  if (await download(`${base}/resume`, { accept: "application/pdf", fallbackName: `${applicationId}.pdf` })) {
    announce("職務経歴書をダウンロードしました。", "success");
  }
}
