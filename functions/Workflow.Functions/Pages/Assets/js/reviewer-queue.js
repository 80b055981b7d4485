// 選定委員: the applications of a round to score, by pseudonym (the list is name-blind for reviewers until the
// outcome), with, per persona screening found eligible, whether this reviewer has scored it.
import { api, html, render, announce, requireSignIn } from "/assets/js/common.js";
import { routeParams, loadRound, problemNotice, personaNames, stateLabel, Pager } from "/assets/js/operator-shared.js";

const PAGE_SIZE = 20;

export async function start(app) {
  if (!requireSignIn(app)) return;
  const { roundId } = routeParams();
  const base = `/api/rounds/${encodeURIComponent(roundId)}`;
  const [round, panel] = await Promise.all([loadRound(roundId), api("GET", `${base}/panel`)]);
  if (!round.ok) {
    problemNotice(app, round, "公募ラウンドを読み込めませんでした。");
    return;
  }
  const r = round.body;
  const header = html`
    <nav class="breadcrumbs" aria-label="現在の位置"><ol>
      <li><a href="/operator">担当する公募</a></li>
      <li><span aria-current="page">採点する応募</span></li>
    </ol></nav>
    <p class="lead">${r.title}（${r.fiscalYear}年度）</p>
    <p>段階：<span class="badge">${r.stepName}</span> ${stateLabel(r.state)}</p>`;
  if (!panel.ok || !panel.body.youAreMember) {
    render(app, html`${header}<div class="notice" role="alert"><p><strong>この公募の選定委員に指名されていません。</strong></p>
      <p>受託事業者に、サインインに使うIDで選定委員として指名するよう依頼してください。</p></div>`);
    return;
  }

  render(app, html`${header}
    <p>応募者は仮名で表示します。氏名・連絡先・職務経歴書は、選定結果の確定まで選定委員には開示されません。各応募を開き、利益相反の有無を申告してから、書類選考を通過した人材像ごとに採点してください。</p>
    ${r.state !== "panelReview" ? html`<p class="notice">採点できるのは「${stateLabel("panelReview")}」の段階だけです。現在は「${stateLabel(r.state)}」です。</p>` : ""}
    <div id="queue"><p class="muted">読み込んでいます…</p></div>`);

  const queue = app.querySelector("#queue");
  const pager = new Pager();
  const load = async (moveFocus) => {
    const query = new URLSearchParams({ pageSize: String(PAGE_SIZE) });
    if (pager.current) query.set("continuation", pager.current);
    const result = await api("GET", `${base}/applications?${query}`);
    if (!result.ok) {
      problemNotice(queue, result, "応募を読み込めませんでした。");
      return;
    }
    pager.received(result.body.continuation);
    // Only applications screening passed reach the panel; the others have nothing to score.
    const items = (result.body.items ?? []).filter((a) => a.eligible || a.identityWithheld);
    // What this reviewer has scored: each application's scores answer with "yours" per persona once declared.
    const scored = await Promise.all(items.map((a) => (a.identityWithheld
      ? Promise.resolve(null)
      : api("GET", `${base}/applications/${encodeURIComponent(a.applicationId)}/scores`))));
    render(queue, items.length === 0 ? html`<p class="notice">採点する応募はありません。</p>` : html`
      <div class="table-wrap">
      <table id="queue-table" tabindex="-1">
        <caption>採点する応募（${pager.pageNumber}ページ目・${items.length}件）</caption>
        <thead><tr><th scope="col">応募者</th><th scope="col">人材像ごとの採点</th><th scope="col">操作</th></tr></thead>
        <tbody>${items.map((a, i) => row(roundId, a, scored[i]))}</tbody>
      </table>
      </div>
      ${pager.markup("採点する応募")}`);
    pager.wire(queue, load);
    if (moveFocus) {
      queue.querySelector("#queue-table")?.focus();
      announce(`${pager.pageNumber}ページ目を表示しています（${items.length}件）。`);
    }
  };
  await load(false);
}

function row(roundId, a, scores) {
  const href = `/reviewer/rounds/${encodeURIComponent(roundId)}/applications/${encodeURIComponent(a.applicationId)}`;
  if (a.identityWithheld) {
    return html`<tr>
      <th scope="row">受付番号 ${a.applicationId}</th>
      <td><span class="muted">利益相反ありと申告した応募です。採点には加われません。</span></td>
      <td><a href="${href}">申告の状況<span class="visually-hidden">（受付番号 ${a.applicationId}）</span></a></td>
    </tr>`;
  }
  const eligible = (a.screening?.perPersona ?? []).filter((p) => p.eligible).map((p) => p.persona);
  // 409 until the reviewer has declared on this application: nothing is scored yet, and the page will ask first.
  const declared = scores?.ok;
  const personas = declared ? scores.body.personas ?? [] : eligible.map((persona) => ({ persona }));
  const done = personas.filter((p) => p.yours).length;
  return html`<tr>
    <th scope="row">${a.fullName}<br><span class="muted">受付番号 ${a.applicationId}</span></th>
    <td>${declared ? "" : html`<p class="muted">利益相反の申告がまだです。</p>`}
      <ul>${personas.map((p) => html`<li>${personaNames([p.persona])}：${p.yours ? html`<strong>採点済み</strong>（平均 ${Number(p.yours.mean).toFixed(2)}）` : "未採点"}</li>`)}</ul></td>
    <td><a href="${href}">${done === personas.length && personas.length > 0 ? "採点を見直す" : "採点する"}<span class="visually-hidden">（${a.fullName}）</span></a></td>
  </tr>`;
}
