// 選定委員: one application, name-blind — first the conflict-of-interest declaration, then the review pack (no name,
// contact or résumé: those open only after the outcome), then one scoring form per persona screening found eligible.
// The others' scores and the panel's result appear only after this reviewer's own are in, so nobody anchors on them.
import { api, command, html, render, dateTime, labels, announce, requireSignIn, showProblem, clearProblem } from "/assets/js/common.js";
import { routeParams, loadRound, problemNotice, personaNames, stateLabel, panelScoresMarkup } from "/assets/js/operator-shared.js";

export async function start(app) {
  if (!requireSignIn(app)) return;
  const { roundId, applicationId } = routeParams();
  const roundBase = `/api/rounds/${encodeURIComponent(roundId)}`;
  const base = `${roundBase}/applications/${encodeURIComponent(applicationId)}`;
  const queueHref = `/reviewer/rounds/${encodeURIComponent(roundId)}`;

  const [round, panel] = await Promise.all([loadRound(roundId), api("GET", `${roundBase}/panel`)]);
  if (!round.ok) {
    problemNotice(app, round, "公募ラウンドを読み込めませんでした。");
    return;
  }
  const r = round.body;
  const header = html`
    <nav class="breadcrumbs" aria-label="現在の位置"><ol>
      <li><a href="/operator">担当する公募</a></li>
      <li><a href="${queueHref}">採点する応募</a></li>
      <li><span aria-current="page">応募の採点</span></li>
    </ol></nav>
    <p class="lead">${r.title}（${r.fiscalYear}年度） ・ 受付番号 ${applicationId}</p>
    <p>段階：<span class="badge">${r.stepName}</span> ${stateLabel(r.state)}</p>`;
  if (!panel.ok || !panel.body.youAreMember) {
    render(app, html`${header}<div class="notice" role="alert"><p><strong>この公募の選定委員に指名されていません。</strong></p>
      <p>受託事業者に、サインインに使うIDで選定委員として指名するよう依頼してください。</p></div>`);
    return;
  }

  render(app, html`${header}
    <section aria-labelledby="declaration-title">
      <h2 id="declaration-title">1. 利益相反の申告</h2>
      <p>この応募者と利害関係（親族、同じ勤務先、取引関係など）があるときは「あり」を選んでください。「あり」の場合、この応募の採点には加われず、あなたの採点は委員会の結果に数えません。申告は記録されます。</p>
      <form id="declaration" novalidate>
        <fieldset id="field-hasConflict-group">
          <legend>この応募者との利益相反<span class="required">必須</span></legend>
          <div class="choices">
            <label><input type="radio" id="field-hasConflict" name="hasConflict" value="false"> 利益相反なし（採点に加わる）</label>
            <label><input type="radio" id="hasConflict-true" name="hasConflict" value="true"> 利益相反あり（採点に加わらない）</label>
          </div>
        </fieldset>
        <div class="actions"><button type="submit">申告する</button></div>
      </form>
      <div id="declared"></div>
    </section>
    <section aria-labelledby="pack-title">
      <h2 id="pack-title">2. 審査資料（匿名）</h2>
      <div id="pack"><p class="muted">審査資料は、利益相反がないことを申告した後に表示します。</p></div>
    </section>
    <section aria-labelledby="scoring-title">
      <h2 id="scoring-title">3. 採点</h2>
      <div id="scoring"><p class="muted">利益相反がないことを申告した後に採点できます。</p></div>
    </section>`);

  const declaration = app.querySelector("#declaration");
  const packBox = app.querySelector("#pack");
  const scoring = app.querySelector("#scoring");

  const excluded = () => {
    declaration.hidden = true;
    render(packBox, html`<p class="muted">利益相反ありと申告したため、審査資料は表示しません。申告の取消しは、総務省または受託事業者が理由を付けて行います。</p>`);
    render(scoring, html`<p class="notice" id="excluded-notice">利益相反ありと申告したため、この応募の採点には加われません。あなたの分は委員会の定足数にも数えません。<a href="${queueHref}">採点する応募の一覧へ戻る</a></p>`);
  };

  // After a declaration of no conflict: the pack, then the forms with what this reviewer scored before.
  const showReview = async () => {
    const [pack, scores] = await Promise.all([api("GET", `${base}/pack`), api("GET", `${base}/scores`)]);
    if (!pack.ok) {
      problemNotice(packBox, pack, "審査資料を読み込めませんでした。");
    } else {
      render(packBox, packMarkup(pack.body));
    }
    if (!scores.ok) {
      problemNotice(scoring, scores, "採点を読み込めませんでした。");
      return;
    }
    const scale = pack.ok ? pack.body.scale ?? [] : [];
    const personas = scores.body.personas ?? [];
    if (personas.length === 0) {
      render(scoring, html`<p class="notice">この応募には書類選考を通過した人材像がないため、採点するものはありません。</p>`);
      return;
    }
    const open = r.state === "panelReview";
    render(scoring, html`
      ${open ? html`<p>書類選考を通過した人材像ごとに、全てのスキル項目をスキル標準の4段階で評価してください。レベル1またはレベル4とする項目には理由が必要です。</p>`
        : html`<p class="notice">採点できるのは「${stateLabel("panelReview")}」の段階だけです。現在は「${stateLabel(r.state)}」です。</p>`}
      ${personas.map((p) => html`<section class="card" aria-labelledby="persona-${p.persona}-title">
        <h3 id="persona-${p.persona}-title">${personaNames([p.persona])}</h3>
        ${open ? scoreFormMarkup(p, scale) : ""}
        <div id="saved-${p.persona}"></div>
        <div id="result-${p.persona}">${p.yours ? panelScoresMarkup(p) : ""}</div>
      </section>`)}`);
    for (const p of personas) {
      const form = scoring.querySelector(`#score-${p.persona}`);
      if (form) wireScoreForm(form, p);
    }
  };

  const wireScoreForm = (form, p) => {
    const persona = p.persona;
    const sync = (index) => {
      const level = Number(form.querySelector(`input[name="level-${index}"]:checked`)?.value ?? 0);
      const mark = form.querySelector(`#reason-required-${persona}-${index}`);
      const reason = form.querySelector(`#field-${persona}-items-${index}-reason`);
      const needed = level === 1 || level === 4;
      mark.hidden = !needed;
      if (needed) reason.setAttribute("aria-required", "true"); else reason.removeAttribute("aria-required");
    };
    p.items.forEach((_, index) => {
      form.querySelectorAll(`input[name="level-${index}"]`).forEach((radio) => radio.addEventListener("change", () => sync(index)));
      sync(index);
    });
    const score = command();
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearProblem(form);
      // Every item is sent in the standard's order, an unchosen one as level 0: the server then names each item left
      // out by its position, and the page shows that message at the item's own radio group.
      const items = p.items.map((item, index) => {
        const reason = form.querySelector(`#field-${persona}-items-${index}-reason`).value.trim();
        return {
          code: item.code,
          level: Number(form.querySelector(`input[name="level-${index}"]:checked`)?.value ?? 0),
          reason: reason === "" ? null : reason,
        };
      });
      const comment = form.querySelector(`#field-${persona}-comment`).value.trim();
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      const result = await api("PUT", `${base}/scores/${encodeURIComponent(persona)}`, {
        json: { items, comment: comment === "" ? null : comment }, idempotencyKey: score.id(),
      });
      button.disabled = false;
      if (!result.ok) {
        // Several forms share the page: the server's field names are put under this persona's ids.
        showProblem(form, prefixed(result.problem, persona));
        announce(result.problem?.title ?? "採点を記録できませんでした。", "error");
        return;
      }
      score.done();
      const saved = scoring.querySelector(`#saved-${persona}`);
      render(saved, html`<div class="notice success" id="saved-notice-${persona}" tabindex="-1">
        <p><strong>${personaNames([persona])}の採点を記録しました（平均 ${Number(result.body.mean).toFixed(2)}）。</strong></p>
        <p>他の委員の採点と委員会の結果を下に表示します。選定の確定までは採点し直せます。</p>
      </div>`);
      const fresh = await api("GET", `${base}/scores`);
      const mine = fresh.ok ? (fresh.body.personas ?? []).find((x) => x.persona === persona) : null;
      if (mine) render(scoring.querySelector(`#result-${persona}`), panelScoresMarkup(mine));
      announce(`${personaNames([persona])}の採点を記録しました。`, "success");
      saved.querySelector(`#saved-notice-${persona}`).focus();
    });
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
      excluded();
    } else {
      await showReview();
    }
    declared.querySelector("#declared-notice").focus();
  });

  // What was declared before: a conflict stays declared, so the page says so instead of asking again.
  const own = await api("GET", `${base}/conflict-of-interest`);
  const standing = own.ok ? own.body : null;
  const notice = app.querySelector("#declared");
  if (standing?.declared) {
    render(notice, html`<p class="notice" id="declared-notice">${standing.message}（${dateTime(standing.declaredAt)}）</p>`);
    if (standing.hasConflict) {
      excluded();
      return;
    }
    declaration.querySelector("#field-hasConflict").checked = true;
    await showReview();
  } else if (standing?.message && standing.history?.length) {
    render(notice, html`<p class="notice">${standing.message}</p>`);
  }
}

/** The server's field names ("items[0].level") under one persona's form ids ("engineer.items[0].level"). */
function prefixed(problem, persona) {
  if (!problem?.errors) return problem;
  return { ...problem, errors: Object.fromEntries(Object.entries(problem.errors).map(([field, messages]) => [`${persona}.${field}`, messages])) };
}

function scoreFormMarkup(p, scale) {
  const persona = p.persona;
  const yours = new Map((p.yours?.items ?? []).map((i) => [i.code, i]));
  return html`<form id="score-${persona}" class="score-form" novalidate>
    <p class="hint" id="field-${persona}-items" tabindex="-1">${p.items.length}項目。各項目の説明はスキル標準の記載です。</p>
    ${p.items.map((item, index) => {
      const own = yours.get(item.code);
      const id = `field-${persona}-items-${index}`;
      return html`<fieldset class="score-item" id="${id}-group" aria-describedby="${id}-description">
        <legend>${index + 1}. ${item.name}</legend>
        <span class="hint" id="${id}-description">${item.description}</span>
        <div class="scale">
          ${scale.map((s, i) => html`<label><input type="radio" id="${i === 0 ? `${id}-level` : `${id}-level-${s.level}`}" name="level-${index}" value="${s.level}" ${own?.level === s.level ? html`checked` : ""}> ${s.level}：${s.name}</label>`)}
        </div>
        <div class="field">
          <label for="${id}-reason">理由<span class="required" id="reason-required-${persona}-${index}" hidden>必須</span></label>
          <span class="hint" id="${id}-reason-hint">レベル1またはレベル4とする場合は必須です（200文字以内）。</span>
          <input type="text" id="${id}-reason" maxlength="200" aria-describedby="${id}-reason-hint" value="${own?.reason ?? ""}">
        </div>
      </fieldset>`;
    })}
    <div class="field">
      <label for="field-${persona}-comment">所見（任意）</label>
      <span class="hint" id="field-${persona}-comment-hint">委員会での協議に向けたコメント（1000文字以内）。他の委員と受託事業者に表示されます。</span>
      <textarea id="field-${persona}-comment" maxlength="1000" aria-describedby="field-${persona}-comment-hint">${p.yours?.comment ?? ""}</textarea>
    </div>
    <div class="actions"><button type="submit">${personaNames([persona])}の採点を記録する</button></div>
  </form>`;
}

function packMarkup(pack) {
  const framework = (l) => labels.framework[l.framework] ?? l.frameworkName;
  const experience = (e) => labels.experienceKind[e.kind] ?? e.kindName;
  return html`
    <dl class="summary" id="pack-summary">
      <dt>応募者</dt><dd><strong>${pack.pseudonym}</strong> <span class="muted">（仮名。氏名・連絡先・職務経歴書は選定結果の確定まで開示されません）</span></dd>
      <dt>応募した人材像</dt><dd><ul>${(pack.personas ?? []).map((p) => html`<li>${personaNames([p.persona])}：${p.eligible ? labels.screening.met : labels.screening.notMet}</li>`)}</ul></dd>
      <dt>資格</dt><dd>${(pack.qualifications ?? []).length ? pack.qualifications.join("、") : "なし"}</dd>
      <dt>スキルレベル</dt><dd>${(pack.skillLevels ?? []).length ? html`<ul>${pack.skillLevels.map((l) => html`<li>${framework(l)} ${l.field} レベル${l.level}</li>`)}</ul>` : "なし"}</dd>
    </dl>
    <p class="notice">${pack.freeTextNotice}</p>
    ${(pack.experiences ?? []).length ? html`<div class="table-wrap"><table>
      <caption>経験</caption>
      <thead><tr><th scope="col">経験の種類</th><th scope="col">年数</th><th scope="col">内容（応募者の記載）</th></tr></thead>
      <tbody>${pack.experiences.map((e) => html`<tr><th scope="row">${experience(e)}</th><td>${e.years}年</td><td>${e.summary}</td></tr>`)}</tbody>
    </table></div>` : ""}
    ${(pack.selfAssessments ?? []).length ? html`<details><summary>スキルの自己評価（${pack.selfAssessments.length}項目）</summary><div class="table-wrap"><table>
      <caption>応募者によるスキルの自己評価</caption>
      <thead><tr><th scope="col">スキル</th><th scope="col">自己評価</th></tr></thead>
      <tbody>${pack.selfAssessments.map((a) => html`<tr><th scope="row">${a.skillName}</th><td>${a.level}：${a.levelName}</td></tr>`)}</tbody>
    </table></div></details>` : ""}`;
}
