// 受託事業者・選定委員: a round's applications with the screening result and its reasons, a page at a time.
import { api, html, render, dateTime, labels, announce, requireSignIn, showProblem, clearProblem, claims, exportButtons, wireExports } from "/assets/js/common.js";
import { routeParams, loadRound, problemNotice, personaNames, stateLabel, statusLabel, decisionLabel, screeningMarkup, Pager } from "/assets/js/operator-shared.js";

const PAGE_SIZE = 20;
const STATUSES = ["submitted", "eligible", "ineligible", "selected", "notSelected", "certified", "notCertified"];

export async function start(app) {
  if (!requireSignIn(app)) return;
  const { roundId } = routeParams();
  const round = await loadRound(roundId);
  if (!round.ok) {
    problemNotice(app, round, "公募ラウンドを読み込めませんでした。");
    return;
  }
  const r = round.body;
  const reviewer = claims().role === "reviewer";
  const initialStatus = new URLSearchParams(location.search).get("status") ?? (r.state === "panelReview" ? "eligible" : "");

  render(app, html`
    <nav class="breadcrumbs" aria-label="現在の位置"><ol>
      <li><a href="/operator">担当する公募</a></li>
      <li><span aria-current="page">応募の一覧</span></li>
    </ol></nav>
    <p class="lead">${r.title}（${r.fiscalYear}年度）</p>
    <p>段階：<span class="badge">${r.stepName}</span> ${stateLabel(r.state)}</p>
    ${r.state === "panelReview" ? (reviewer
      ? html`<p class="notice">選定委員会の審査中です。書類選考を通過した応募の「採点する」から、利益相反の申告のうえ匿名の審査資料で採点してください。</p>`
      : html`<p class="notice">選定委員会の審査中です。委員の採点は<a href="/operator/rounds/${encodeURIComponent(roundId)}/panel">選定委員会</a>のページで確認できます。書類選考を通過した応募の「審査する」から、定足数の採点がそろった人材像ごとに決定を記録してください。</p>`) : ""}
    <form id="filter" novalidate>
      <div class="field">
        <label for="field-status">状態で絞り込む</label>
        <select id="field-status" name="status">
          <option value="">すべての状態</option>
          ${STATUSES.map((s) => html`<option value="${s}" ${s === initialStatus ? html`selected` : ""}>${labels.status[s]}</option>`)}
        </select>
      </div>
      <div class="actions"><button type="submit" class="secondary">表示する</button></div>
    </form>
    <div id="list"></div>
    ${reviewer ? "" : html`<section aria-labelledby="exports-title"><h2 id="exports-title">一覧の書き出し</h2>
      <p class="hint">応募一覧には連絡先が含まれます。書き出しは個人情報の閲覧として業務ログに記録されます。</p>
      ${exportButtons(`/api/rounds/${encodeURIComponent(roundId)}/applications/export`, "応募一覧", "この書き出しは業務ログに記録されました。")}
      ${exportButtons(`/api/rounds/${encodeURIComponent(roundId)}/roster/export`, "人材リスト")}
    </section>`}`);
  wireExports(app);

  const filter = app.querySelector("#filter");
  const list = app.querySelector("#list");
  const pager = new Pager();

  const load = async (moveFocus) => {
    clearProblem(filter);
    const status = filter.querySelector("#field-status").value;
    const query = new URLSearchParams({ pageSize: String(PAGE_SIZE) });
    if (status) query.set("status", status);
    if (pager.current) query.set("continuation", pager.current);
    render(list, html`<p class="muted">読み込んでいます…</p>`);
    const result = await api("GET", `/api/rounds/${encodeURIComponent(roundId)}/applications?${query}`);
    if (!result.ok) {
      if (result.status === 400) {
        showProblem(filter, result.problem);
        render(list, html``);
      } else {
        problemNotice(list, result, "応募を読み込めませんでした。");
      }
      return;
    }
    const items = result.body.items ?? [];
    pager.received(result.body.continuation);
    const statusName = status ? labels.status[status] : "すべての状態";
    render(list, items.length === 0 ? html`<p class="notice">${statusName}の応募はありません。</p>` : html`
      <div class="table-wrap">
      <table id="applications-table" tabindex="-1">
        <caption>応募（${statusName}、${pager.pageNumber}ページ目・${items.length}件）</caption>
        <thead><tr>
          <th scope="col">氏名</th>
          <th scope="col">応募した人材像</th>
          <th scope="col">書類選考の結果と理由</th>
          <th scope="col">状態</th>
          <th scope="col">選定委員会の決定</th>
          <th scope="col">操作</th>
        </tr></thead>
        <tbody>${items.map((a) => row(roundId, a, reviewer))}</tbody>
      </table>
      </div>
      ${pager.markup("応募一覧")}`);
    pager.wire(list, load);
    if (moveFocus) {
      list.querySelector("#applications-table")?.focus();
      announce(`${pager.pageNumber}ページ目を表示しています（${items.length}件）。`);
    }
  };

  filter.addEventListener("submit", async (event) => {
    event.preventDefault();
    pager.reset();
    const status = filter.querySelector("#field-status").value;
    history.replaceState(null, "", status ? `?status=${encodeURIComponent(status)}` : location.pathname);
    await load(true);
  });

  await load(false);
}

function row(roundId, a, reviewer) {
  // Reviewers score on their own, name-blind page; the decision page is the operator's.
  const href = reviewer
    ? `/reviewer/rounds/${encodeURIComponent(roundId)}/applications/${encodeURIComponent(a.applicationId)}`
    : `/operator/rounds/${encodeURIComponent(roundId)}/applications/${encodeURIComponent(a.applicationId)}`;
  // A reviewer's declared conflict: the API sends the id only, and so does the page.
  if (a.identityWithheld) {
    return html`<tr>
    <th scope="row">${a.fullName}<br><span class="muted">受付番号 ${a.applicationId}</span></th>
    <td colspan="4"><span class="muted">利益相反ありと申告した応募です。内容は表示しません。</span></td>
    <td><a href="${href}">申告の状況<span class="muted">（受付番号 ${a.applicationId}）</span></a></td>
  </tr>`;
  }
  return html`<tr>
    <th scope="row">${a.fullName}<br><span class="muted">${a.prefecture} ・ 受付 ${dateTime(a.submittedAt)}</span><br><span class="muted">受付番号 ${a.applicationId}</span></th>
    <td>${personaNames(a.personas)}</td>
    <td>${screeningMarkup(a.screening, a.eligible)}</td>
    <td>${statusLabel(a.status)}</td>
    <td>${(a.decisions ?? []).length ? html`<ul>${a.decisions.map((d) => html`<li>${personaNames([d.persona])}：${decisionLabel(d.decision)}${d.reason ? html`<br><span class="muted">理由：${d.reason}</span>` : ""}</li>`)}</ul>` : html`<span class="muted">${decisionLabel(null)}</span>`}</td>
    <td>${a.eligible ? html`<a href="${href}">${reviewer ? "採点する" : "審査する"}<span class="muted">（${a.fullName}）</span></a>` : html`<a href="${href}">詳細<span class="muted">（${a.fullName}）</span></a>`}</td>
  </tr>`;
}
