// 監査: one round's timeline — the orchestration history (the round's and every orchestration it started) and the
// business log in one table, in time order, a page at a time; filtered on the page by applicant and by actor;
// the rows shown can be exported as CSV (UTF-8 with BOM so that Excel reads the Japanese headers). A line about an
// application links to that person's whole story.
import { api, html, render, labels, announce, requireAuditor } from "/assets/js/common.js";

const PAGE_SIZE = 200;
const ORCHESTRATION_ACTOR = "__orchestration";

// Every name below comes from the server's labels: actions as the business log records them, event types as the
// History table stores them, roles as the log names actors.
const withCode = (map, code) => (code ? (map[code] ? `${map[code]}（${code}）` : code) : "");

/** "operator:dev-operator" → "受託事業者（operator:dev-operator）": the role in Japanese, the logged name as is. */
function actorName(actor) {
  if (!actor) return "";
  const role = actor.split(":")[0];
  const name = labels.role[role];
  return name ? (actor === role ? name : `${name}（${actor}）`) : actor;
}

/** What the row records, in Japanese with the recorded code beside it. */
function what(item) {
  if (item.source === "orchestration") return [withCode(labels.eventType, item.eventType), item.name].filter(Boolean).join("：");
  return withCode(labels.action, item.action);
}

/** An application id of this round (round_shard_20 hex): the line leads to that person's story. */
function isApplicationOf(roundId, subject) {
  return typeof subject === "string" && subject.startsWith(`${roundId}_`) && /^[^_]+_\d{2}_[0-9a-f]{20}$/.test(subject);
}

function subjectCell(roundId, item) {
  if (item.source === "business" && isApplicationOf(roundId, item.subject)) {
    const href = `/auditor/rounds/${encodeURIComponent(roundId)}/applications/${encodeURIComponent(item.subject)}`;
    return html`<a href="${href}" aria-label="${item.subject} の応募者の記録">${item.subject}</a>`;
  }
  return subjectText(item);
}

function subjectText(item) {
  if (item.source === "orchestration") return item.instanceId ?? "";
  if (item.action === "StateChanged" && item.subject) {
    const key = item.subject.charAt(0).toLowerCase() + item.subject.slice(1);
    return labels.state[key] ? `${labels.state[key]}（${item.subject}）` : item.subject;
  }
  return item.subject ?? "";
}

const jst = new Intl.DateTimeFormat("ja-JP", {
  timeZone: "Asia/Tokyo", year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", fractionalSecondDigits: 3,
});
const jstCsv = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Asia/Tokyo", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", fractionalSecondDigits: 3,
});

const at = (iso) => (iso ? jst.format(new Date(iso)) : "");

/** One CSV field: quoted when it must be, quotes doubled; a leading = + - @ is neutralised so a spreadsheet never runs it. */
function csvField(value) {
  let text = String(value ?? "");
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function start(app) {
  if (!requireAuditor(app)) return;
  const match = location.pathname.match(/\/auditor\/rounds\/([^/]+)/);
  const roundId = match ? decodeURIComponent(match[1]) : "";

  const tokens = [null];
  let index = 0;
  let items = [];
  let shown = [];
  const actorsSeen = new Set();

  render(app, html`
    <nav class="breadcrumbs" aria-label="パンくずリスト"><ol><li><a href="/auditor">監査</a></li><li aria-current="page">${roundId}</li></ol></nav>
    <dl class="summary" id="round-summary">
      <dt>公募ラウンドID</dt><dd>${roundId}</dd>
    </dl>
    <form id="timeline-filters" class="card" novalidate>
      <h2>絞り込み</h2>
      <p class="hint">表示中のページの記録を絞り込みます。</p>
      <div class="field">
        <label for="field-applicant">応募者ID</label>
        <span class="hint" id="field-applicant-hint">応募番号（応募者ID）の全部または一部。対象・インスタンスID・詳細に含む記録を表示します。</span>
        <input type="text" id="field-applicant" name="applicant" autocomplete="off" spellcheck="false" aria-describedby="field-applicant-hint">
      </div>
      <div class="field">
        <label for="field-actor">操作者</label>
        <span class="hint" id="field-actor-hint">これまでに読み込んだ記録に現れた操作者から選びます。</span>
        <select id="field-actor" name="actor" aria-describedby="field-actor-hint"><option value="">すべて</option></select>
      </div>
      <div class="field">
        <label for="field-source">種別</label>
        <select id="field-source" name="source">
          <option value="">すべて</option>
          ${Object.entries(labels.source).map(([value, label]) => html`<option value="${value}">${label}</option>`)}
        </select>
      </div>
      <div class="actions">
        <button type="submit">絞り込む</button>
        <button type="button" class="secondary" id="clear-filters">条件をクリア</button>
      </div>
    </form>
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title" tabindex="-1">タイムライン</h2>
      <div id="timeline"><p class="muted">読み込んでいます…</p></div>
      <div class="actions">
        <button type="button" class="secondary" id="export-csv" disabled>表示中の記録をCSVで書き出す</button>
      </div>
    </section>`);

  const form = app.querySelector("#timeline-filters");
  const box = app.querySelector("#timeline");
  const exportButton = app.querySelector("#export-csv");
  const actorSelect = form.querySelector("#field-actor");

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    draw(true);
  });
  app.querySelector("#clear-filters").addEventListener("click", () => {
    form.reset();
    draw(false);
    form.querySelector("#field-applicant").focus();
  });
  exportButton.addEventListener("click", exportCsv);

  (async () => {
    const round = await api("GET", `/api/rounds/${encodeURIComponent(roundId)}`);
    if (round.ok && round.body) {
      render(app.querySelector("#round-summary"), html`
        <dt>公募ラウンドID</dt><dd>${roundId}</dd>
        <dt>名称</dt><dd>${round.body.title}</dd>
        <dt>受託事業者</dt><dd>${round.body.operatorName}</dd>
        <dt>状態</dt><dd>${round.body.stateName ?? labels.state[round.body.state] ?? round.body.state}</dd>`);
    }
  })();
  load(false);

  async function load(focus) {
    render(box, html`<p class="muted">読み込んでいます…</p>`);
    exportButton.disabled = true;
    const query = new URLSearchParams({ pageSize: String(PAGE_SIZE) });
    if (tokens[index]) query.set("continuation", tokens[index]);
    const answer = await api("GET", `/api/audit/rounds/${encodeURIComponent(roundId)}/history?${query}`);
    if (!answer.ok) {
      render(box, html`<div class="notice" role="alert"><p>${answer.problem?.title ?? "タイムラインを読み込めませんでした。"}</p>${answer.problem?.detail ? html`<p>${answer.problem.detail}</p>` : ""}</div>`);
      return;
    }
    items = answer.body.items ?? [];
    tokens[index + 1] = answer.body.continuation ?? null;
    for (const item of items) if (item.source === "business" && item.actor) actorsSeen.add(item.actor);
    refreshActors();
    draw(focus, answer.body);
  }

  function refreshActors() {
    const selected = actorSelect.value;
    const options = [...actorsSeen].sort();
    render(actorSelect, html`<option value="">すべて</option><option value="${ORCHESTRATION_ACTOR}">${labels.source.orchestration}（${labels.role.system}の処理）</option>${options.map((a) => html`<option value="${a}">${actorName(a)}</option>`)}`);
    actorSelect.value = selected && (selected === ORCHESTRATION_ACTOR || actorsSeen.has(selected)) ? selected : "";
  }

  function filtered() {
    const applicant = form.querySelector("#field-applicant").value.trim().toLowerCase();
    const actor = actorSelect.value;
    const source = form.querySelector("#field-source").value;
    return items.filter((item) => {
      if (source && item.source !== source) return false;
      if (actor === ORCHESTRATION_ACTOR && item.source !== "orchestration") return false;
      if (actor && actor !== ORCHESTRATION_ACTOR && item.actor !== actor) return false;
      if (applicant && ![item.subject, item.instanceId, item.detail].some((v) => String(v ?? "").toLowerCase().includes(applicant))) return false;
      return true;
    });
  }

  let meta = {};
  function draw(focus, body) {
    if (body) meta = body;
    shown = filtered();
    const next = tokens[index + 1];
    const filteredOut = items.length - shown.length;
    render(box, html`
      <p>${index + 1}ページ目：${items.length}件${meta.total !== undefined ? `（全${meta.total}件）` : ""}${filteredOut > 0 ? `のうち、条件に合う${shown.length}件を表示しています` : "を表示しています"}。
        ${Array.isArray(meta.instances) ? `オーケストレーションのインスタンス ${meta.instances.length}件。` : ""}</p>
      ${shown.length === 0 ? html`<p class="notice">${items.length === 0 ? "このページに記録はありません。" : "条件に合う記録はこのページにありません。"}</p>` : html`
      <div class="table-wrap">
        <table id="timeline-table">
          <caption>公募ラウンド ${roundId} のタイムライン（${index + 1}ページ目、${shown.length}件）</caption>
          <thead><tr><th scope="col">日時（日本時間）</th><th scope="col">種別</th><th scope="col">操作者／インスタンス</th><th scope="col">内容</th><th scope="col">対象</th><th scope="col">詳細</th></tr></thead>
          <tbody>
            ${shown.map((item) => html`<tr>
              <td><time datetime="${item.at}">${at(item.at)}</time></td>
              <td><span class="badge">${labels.source[item.source] ?? item.source}</span></td>
              <td>${item.source === "orchestration" ? `${labels.role.system}（${labels.source.orchestration}）` : actorName(item.actor)}</td>
              <td>${what(item)}</td>
              <td>${subjectCell(roundId, item)}</td>
              <td>${item.detail ?? ""}</td>
            </tr>`)}
          </tbody>
        </table>
      </div>`}
      <nav class="pagination" aria-label="タイムラインのページ">
        ${index > 0 ? html`<button type="button" class="secondary" id="previous">前のページ</button>` : ""}
        ${next ? html`<button type="button" class="secondary" id="next">次のページ</button>` : ""}
      </nav>`);
    box.querySelector("#previous")?.addEventListener("click", () => { index--; load(true); });
    box.querySelector("#next")?.addEventListener("click", () => { index++; load(true); });
    exportButton.disabled = shown.length === 0;
    announce(`${index + 1}ページ目、${shown.length}件の記録を表示しています。`);
    if (focus) app.querySelector("#timeline-title").focus();
  }

  function exportCsv() {
    const header = ["日時（日本時間）", "日時（UTC）", "種別", "操作者", "操作", "内容", "対象", "詳細", "インスタンスID", "イベント種別", "名前"];
    const lines = shown.map((item) => [
      item.at ? jstCsv.format(new Date(item.at)) : "", item.at ?? "", labels.source[item.source] ?? item.source,
      item.source === "orchestration" ? `${labels.role.system}（${labels.source.orchestration}）` : item.actor ?? "", item.action ?? "", what(item),
      item.subject ?? "", item.detail ?? "", item.instanceId ?? "", item.eventType ?? "", item.name ?? "",
    ]);
    const csv = [header, ...lines].map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
    const blob = new Blob(["\uFEFF", csv], { type: "text/csv;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = `timeline-${roundId}-p${index + 1}.csv`;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    announce(`表示中の${shown.length}件をCSVで書き出しました（${link.download}）。`, "success");
  }
}
