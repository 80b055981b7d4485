// 総務省: every wait on people across all rounds and appointments — who, since when, until when — overdue first,
// each with a link to the page where that party acts. The order, the filters' meaning and every name come from the
// server (GET /api/ministry/waits and the page's labels); this script only shows them.
import { api, html, render, deadline, dateTime, labels, announce, requireSignIn } from "/assets/js/common.js";
import { problemNotice } from "/assets/js/operator-shared.js";

const PAGE_SIZE = 50;
const FILTERS = ["role", "prefecture", "roundId"];

export async function start(app) {
  if (!requireSignIn(app)) return;
  const params = new URLSearchParams(location.search);
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ""]));
  render(app, html`<p class="muted">読み込んでいます…</p>`);

  const [waits, rounds] = await Promise.all([api("GET", `/api/ministry/waits${query(filters)}`), api("GET", "/api/rounds")]);
  if (!waits.ok) {
    problemNotice(app, waits, "対応待ちの一覧を読み込めませんでした。");
    return;
  }

  const items = waits.body.items ?? [];
  const roundList = rounds.ok ? [...(rounds.body.items ?? [])].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt))) : [];
  render(app, html`
    <p>人の対応を待っている公募ラウンドと任用の申込みを、期限を過ぎたものから順に表示します。各行のリンクから、その相手が操作する画面を開けます。</p>
    <form id="filters" class="card" novalidate>
      <h2>絞り込み</h2>
      <div class="field">
        <label for="field-role">待っている相手</label>
        <span class="hint" id="field-role-hint">ほかに操作できる相手として含まれるものも表示します。</span>
        <select id="field-role" name="role" aria-describedby="field-role-hint">
          <option value="">すべて</option>
          ${(waits.body.roles ?? []).map((role) => html`<option value="${role}">${labels.waiting[role] ?? role}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="field-prefecture">都道府県</label>
        <span class="hint" id="field-prefecture-hint">任用の申込みを、申込み元の自治体の都道府県で絞り込みます。公募ラウンドは全国を対象とするため、都道府県を選ぶと表示されません。</span>
        <select id="field-prefecture" name="prefecture" aria-describedby="field-prefecture-hint">
          <option value="">すべて</option>
          ${labels.prefectures.map((p) => html`<option>${p}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="field-roundId">公募ラウンド</label>
        <select id="field-roundId" name="roundId">
          <option value="">すべて</option>
          ${roundList.map((r) => html`<option value="${r.roundId}">${r.title}（${r.fiscalYear}年度・${r.roundId}）</option>`)}
        </select>
      </div>
      <div class="actions"><button type="submit">絞り込む</button></div>
    </form>
    <section aria-labelledby="waits-title">
      <h2 id="waits-title" tabindex="-1">対応待ち（${items.length}件）</h2>
      <div id="waits"></div>
      ${otherWaits(waits.body.notOnPeople ?? {})}
    </section>`);

  const form = app.querySelector("#filters");
  for (const f of FILTERS) form.elements[f].value = filters[f];
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    for (const f of FILTERS) filters[f] = form.elements[f].value;
    history.replaceState(null, "", `${location.pathname}${query(filters)}`);
    await start(app);
    app.querySelector("#waits-title")?.focus();
    announce("絞り込みの条件で表示しました。");
  });

  const box = app.querySelector("#waits");
  let page = 0;
  const show = (moveFocus) => {
    const pages = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
    const shown = items.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
    render(box, items.length === 0 ? html`<p class="notice">対応を待っているものはありません。</p>` : html`
      <div class="table-wrap">
      <table id="waits-table" tabindex="-1">
        <caption>対応待ち（期限を過ぎたものが先頭）${pages > 1 ? html`、${page + 1}／${pages}ページ` : ""}</caption>
        <thead><tr>
          <th scope="col">対象</th>
          <th scope="col">段階</th>
          <th scope="col">待っている相手</th>
          <th scope="col">待ち始め</th>
          <th scope="col">期限</th>
          <th scope="col">操作する画面</th>
        </tr></thead>
        <tbody>${shown.map(row)}</tbody>
      </table>
      </div>
      ${pages > 1 ? html`<nav class="pagination" aria-label="対応待ちのページ">
        ${page > 0 ? html`<button type="button" class="secondary" data-pager="back">前のページ</button>` : ""}
        <span class="muted">${page + 1}／${pages}ページ</span>
        ${page + 1 < pages ? html`<button type="button" class="secondary" data-pager="forward">次のページ</button>` : ""}
      </nav>` : ""}`);
    box.querySelectorAll("[data-pager]").forEach((b) => b.addEventListener("click", () => {
      page += b.dataset.pager === "forward" ? 1 : -1;
      show(true);
    }));
    if (moveFocus) {
      box.querySelector("#waits-table")?.focus();
      announce(`${page + 1}ページ目を表示しています。`);
    }
  };
  show(false);
}

function query(filters) {
  const q = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
  return q.size ? `?${q}` : "";
}

/** 受託事業者（株式会社…） */
function party(p) {
  const name = labels.waiting[p.role] ?? p.name;
  return p.organisationName ? html`${name}（${p.organisationName}）` : html`${name}`;
}

/** How long ago a missed deadline was, roughly: 3日経過, 5時間経過, 12分経過, 1分未満. */
function overdueFor(iso) {
  const minutes = Math.max(0, Math.floor((Date.now() - new Date(iso).getTime()) / 60000));
  if (minutes >= 24 * 60) return `${Math.floor(minutes / (24 * 60))}日経過`;
  if (minutes >= 60) return `${Math.floor(minutes / 60)}時間経過`;
  return minutes < 1 ? "1分未満" : `${minutes}分経過`;
}

function row(w) {
  const parties = [w.waitingFor, ...(w.also ?? [])];
  return html`<tr data-instance="${w.instanceId}">
    <th scope="row">
      <span>${w.kind === "appointment" ? "任用の申込み" : "公募ラウンド"}</span><br>
      <span>${w.roundTitle ?? w.roundId}</span><br>
      <span class="muted">${w.fiscalYear ? `${w.fiscalYear}年度 ・ ` : ""}番号：${w.appointmentId ?? w.roundId}</span>
    </th>
    <td><span class="badge">${w.stepName}</span><br>${w.stateName}
      ${w.stalled ? html`<p class="notice" role="status"><strong>処理が停止しています</strong></p>` : ""}</td>
    <td>${party(w.waitingFor)}
      ${w.also?.length ? html`<p class="muted">ほかに操作できる相手：${w.also.map((p, i) => html`${i > 0 ? "、" : ""}${party(p)}`)}</p>` : ""}
      ${w.requestedBy ? html`<p class="muted">申込み元：${w.requestedBy.organisationName ?? w.requestedBy.organisation}${w.prefecture ? `（${w.prefecture}）` : ""}</p>` : ""}</td>
    <td>${w.since ? dateTime(w.since) : html`<span class="muted">記録なし</span>`}</td>
    <td>${w.deadline ? html`<span class="deadline">${deadline(w.deadline)}</span>` : html`<span class="muted">なし</span>`}
      ${w.overdue ? html`<br><span class="flag">期限超過</span> <span class="muted">${w.deadline ? overdueFor(w.deadline) : ""}</span>` : ""}</td>
    <td><ul>${parties.map((p) => html`<li><a href="${p.actAt}">${p.actAtName}</a></li>`)}
      ${w.requestedBy ? html`<li><a href="${w.requestedBy.actAt}">${w.requestedBy.actAtName}</a></li>` : ""}</ul></td>
  </tr>`;
}

/** What runs but waits on no one (a date of the schedule, or work under way): counted, not listed. */
function otherWaits(counts) {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  if (entries.length === 0) return "";
  return html`<p class="muted">このほか、人の対応を待っていないもの（${entries.map(([role, n], i) => html`${i > 0 ? "、" : ""}${labels.waiting[role] ?? role} ${n}件`)}）は一覧に含めていません。</p>`;
}
