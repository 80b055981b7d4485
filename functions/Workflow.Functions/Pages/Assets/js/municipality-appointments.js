// 自治体: its appointment requests, per round, with their status and the date by which the person must answer.
// The rounds come from the municipality's notifications (each roster publication names its round) and from the
// round ID the user enters.
import { api, claims, html, render, dateTime, deadline, showProblem, clearProblem, announce, requireSignIn, command, download } from "/assets/js/common.js";
import { appointmentStatusText, roleText, termsText, measureMarkup, sharesText } from "/assets/js/municipality-roster.js";

const ROWS_PER_PAGE = 20;
const MAX_NOTIFICATION_PAGES = 10;

/** This fiscal year, the one before and the one after, as [year, label]: April starts a year. */
function fiscalYears() {
  const now = new Date(Date.now() + 9 * 3600 * 1000);
  const current = now.getUTCMonth() >= 3 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  // Western years here; the pack's own name of its year (令和…年度) comes from the server.
  return [current + 1, current, current - 1].map((y) => [y, `${y}年度`]);
}

export function start(app) {
  if (!requireSignIn(app)) return;
  const code = claims().municipality;
  if (claims().role !== "municipality" || !code) {
    render(app, html`<div class="notice"><p>このページは自治体の職員の方が使います。自治体（団体コード）としてサインインしてください。</p><p><a href="/staff">職員のサインイン</a></p></div>`);
    return;
  }

  render(app, html`
    <p>団体コード <strong>${code}</strong> が申し込んだ任用と、共同で任用する（広域）任用の状況です。申込みを受けた方は回答期限までに承諾か辞退を回答します。</p>
    <p><a href="/municipality/roster">人材リストから任用を申し込む</a></p>
    <form id="round-form" class="card" novalidate>
      <h2>公募ラウンドを指定して表示</h2>
      <div class="field">
        <label for="field-roundId">公募ラウンドID</label>
        <span class="hint" id="field-roundId-hint">お知らせにない公募の申込みを見るときに入力します。例：R2026-1a2b3c4d</span>
        <input type="text" id="field-roundId" name="roundId" autocomplete="off" spellcheck="false" aria-describedby="field-roundId-hint">
      </div>
      <div class="actions"><button type="submit">表示する</button></div>
    </form>
    <!-- Above the rounds, which load one by one: the form does not move while they arrive. -->
    <form id="evidence-form" class="card" novalidate>
      <h2>特別交付税措置の根拠資料</h2>
      <p>承諾された任用のうち特別交付税措置の対象となるものを、年度ごとに一覧にした署名付きの資料です。特別交付税の申請に添えてください。</p>
      <div class="field">
        <label for="field-fiscalYear">年度</label>
        <select id="field-fiscalYear" name="fiscalYear">${fiscalYears().map(([year, name], i) => html`<option value="${year}" ${i === 1 ? html`selected` : ""}>${name}</option>`)}</select>
      </div>
      <div class="actions">
        <button type="submit" value="pdf">根拠資料（PDF）を作成してダウンロード</button>
        <button type="submit" value="csv" class="secondary">根拠資料（CSV）を作成してダウンロード</button>
      </div>
      <div id="evidence-result"></div>
    </form>
    <div id="rounds"><p class="muted">読み込んでいます…</p></div>
`);

  const evidence = app.querySelector("#evidence-form");
  const issuing = command();
  evidence.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearProblem(evidence);
    const format = event.submitter?.value === "csv" ? "csv" : "pdf";
    announce("根拠資料を作成しています…");
    const answer = await api("POST", `/api/municipalities/${encodeURIComponent(code)}/evidence-packs`,
      { json: { fiscalYear: Number(evidence.elements.fiscalYear.value) }, idempotencyKey: issuing.id() });
    if (!answer.ok) {
      showProblem(evidence, answer.problem ?? { title: "根拠資料を作成できませんでした。" });
      announce(answer.problem?.title ?? "根拠資料を作成できませんでした。", "error");
      return;
    }
    issuing.done();
    const pack = answer.body;
    render(evidence.querySelector("#evidence-result"), html`<p class="notice success">根拠資料番号 <strong>${pack.packId}</strong>（${pack.fiscalYearName}、対象の任用 ${pack.appointments}件）</p>`);
    const name = await download(format === "csv" ? pack.csvUrl : pack.pdfUrl, { accept: format === "csv" ? "text/csv" : "application/pdf" });
    if (name) announce(`${name} をダウンロードしました。`, "success");
  });

  const form = app.querySelector("#round-form");
  const container = app.querySelector("#rounds");
  const rounds = [];
  const requested = new URLSearchParams(location.search).get("roundId");

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearProblem(form);
    const roundId = form.elements.roundId.value.trim();
    if (!/^[A-Za-z0-9-]{6,40}$/.test(roundId)) {
      showProblem(form, { title: "入力内容を確認してください。", errors: { roundId: ["公募ラウンドIDを正しい形式で入力してください（例：R2026-1a2b3c4d）。"] } });
      return;
    }
    const section = await showRound(roundId, form);
    section?.querySelector("h2")?.focus();
  });

  /** Adds (or refreshes) one round's section; answers it, or shows the API's problem beside the field. */
  async function showRound(roundId, errorForm) {
    const answer = await api("GET", `/api/rounds/${encodeURIComponent(roundId)}/appointments`);
    if (!answer.ok) {
      if (errorForm) {
        const problem = answer.problem ?? {};
        showProblem(errorForm, { ...problem, errors: problem.errors ?? { roundId: [problem.title ?? "この公募ラウンドの申込みを読み込めませんでした。"] } });
      }
      return null;
    }
    if (!rounds.includes(roundId)) rounds.push(roundId);
    const items = [...(answer.body.items ?? [])].sort((a, b) => String(b.requestedAt).localeCompare(String(a.requestedAt)));
    const id = `round-${roundId.replace(/[^A-Za-z0-9-]/g, "")}`;
    let section = container.querySelector(`#${id}`);
    if (!section) {
      section = document.createElement("section");
      section.id = id;
      section.setAttribute("aria-labelledby", `${id}-title`);
      container.querySelector(".empty")?.remove();
      container.append(section);
    }
    drawRound(section, id, roundId, items, 0);
    announce(`公募ラウンド ${roundId} の任用の申込み ${items.length}件を表示しています。`);
    return section;
  }

  function drawRound(section, id, roundId, items, page) {
    const pages = Math.max(1, Math.ceil(items.length / ROWS_PER_PAGE));
    const rows = items.slice(page * ROWS_PER_PAGE, (page + 1) * ROWS_PER_PAGE);
    render(section, html`
      <h2 id="${id}-title" tabindex="-1">公募ラウンド ${roundId}</h2>
      ${items.length === 0 ? html`<p>この公募ラウンドでの任用の申込みはありません。<a href="/municipality/roster?roundId=${encodeURIComponent(roundId)}">人材リストを見る</a></p>` : html`
      <div class="table-wrap">
        <table>
          <caption>任用の申込み（${items.length}件${pages > 1 ? `、${page + 1}/${pages}ページ` : ""}）</caption>
          <thead><tr><th scope="col">申込番号・人材ID</th><th scope="col">任用の職</th><th scope="col">状態</th><th scope="col">申込日時</th><th scope="col">回答期限</th></tr></thead>
          <tbody>
            ${rows.map((a) => html`<tr>
              <th scope="row">${a.appointmentId}<br><span class="muted">人材ID：${a.candidateId}</span></th>
              <td>${roleText(a)}${a.terms ? html`<br><span class="muted">${termsText(a)}</span>` : ""}
                ${a.shares ? html`<br><span class="muted">共同で任用：${sharesText(a)}${a.municipalityCode === code ? "" : `（${a.municipalityName}の申込み）`}</span>` : ""}
                ${shareMeasure(a)}</td>
              <td><span class="badge">${appointmentStatusText(a.status)}</span>${a.answeredAt ? html`<br><span class="muted">${dateTime(a.answeredAt)}</span>` : ""}</td>
              <td>${dateTime(a.requestedAt)}</td>
              <td>${a.status === "requested" ? html`<span class="deadline">${deadline(a.answerBy)}</span>` : deadline(a.answerBy)}</td>
            </tr>`)}
          </tbody>
        </table>
      </div>
      ${pages > 1 ? html`<nav class="pagination" aria-label="公募ラウンド ${roundId} の申込みのページ">
        ${page > 0 ? html`<button type="button" class="secondary" data-page="${page - 1}">前のページ</button>` : ""}
        ${page + 1 < pages ? html`<button type="button" class="secondary" data-page="${page + 1}">次のページ</button>` : ""}
      </nav>` : ""}`}`);
    section.querySelectorAll("button[data-page]").forEach((b) => b.addEventListener("click", () => {
      drawRound(section, id, roundId, items, Number(b.dataset.page));
      section.querySelector("h2").focus();
    }));
  }

  /**
   * The measure as assessed for this municipality: a partner of a shared appointment claims on its own share, and its
   * assessment is its own (ADR 0016).
   */
  function shareMeasure(a) {
    const own = (a.shares ?? []).find((s) => s.municipalityCode === code);
    const view = own ? { ...a, measure: own.measure, withinSpecialTaxMeasure: own.measure.qualifies } : a;
    return html`<details><summary>特別交付税措置：${view.withinSpecialTaxMeasure ? "対象" : "対象外"}${own ? `（負担割合${own.percent}%）` : ""}</summary>${measureMarkup(view)}</details>`;
  }

  /** The rounds named in the inbox (a roster was published to this municipality for each). */
  async function roundsFromNotifications() {
    const found = [];
    let continuation = null;
    for (let i = 0; i < MAX_NOTIFICATION_PAGES; i++) {
      const query = new URLSearchParams({ pageSize: "200" });
      if (continuation) query.set("continuation", continuation);
      const answer = await api("GET", `/api/municipalities/${encodeURIComponent(code)}/notifications?${query}`);
      if (!answer.ok) break;
      for (const n of answer.body.items ?? []) if (n.roundId && !found.includes(n.roundId)) found.push(n.roundId);
      continuation = answer.body.continuation;
      if (!continuation) break;
    }
    return found;
  }

  (async () => {
    const list = await roundsFromNotifications();
    if (requested && !list.includes(requested)) list.unshift(requested);
    container.replaceChildren();
    if (list.length === 0) {
      render(container, html`<p class="empty">表示できる公募ラウンドがありません。人材リストの掲載のお知らせが届くと、ここに表示されます。</p>`);
      announce("表示できる公募ラウンドがありません。");
      return;
    }
    for (const roundId of list) await showRound(roundId, null);
    announce(`${rounds.length}件の公募ラウンドの任用の申込みを表示しています。`);
  })();
}
