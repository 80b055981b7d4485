// 受託事業者・総務省・監査: a round's notice mail. What did not arrive comes first, with the application or appointment
// it was about, so that the operator can reach that person another way; then the counts and everything sent.
import { api, html, render, dateTime, labels, requireRole } from "/assets/js/common.js";

const TROUBLE = ["dead", "cancelled", "failed", "queued"];

export async function start(app) {
  if (!requireRole(app, ["operator", "ministry", "auditor"], "受託事業者・総務省・監査の担当者", "受託事業者")) return;
  const match = location.pathname.match(/^\/operator\/rounds\/([^/]+)\/mail$/);
  const roundId = match ? decodeURIComponent(match[1]) : "";
  const answer = await api("GET", `/api/rounds/${encodeURIComponent(roundId)}/mail`);
  if (!answer.ok) {
    render(app, html`<div class="notice" role="alert"><p>${answer.problem?.title ?? "送信状況を読み込めませんでした。"}</p>${answer.problem?.detail ? html`<p>${answer.problem.detail}</p>` : ""}</div>`);
    return;
  }

  const { counts, items } = answer.body;
  const trouble = items.filter((m) => TROUBLE.includes(m.state)).sort((a, b) => TROUBLE.indexOf(a.state) - TROUBLE.indexOf(b.state));
  const sent = items.filter((m) => m.state === "sent");
  render(app, html`
    <p>公募ラウンド <strong>${roundId}</strong> の通知（選定結果、修了証、人材リストの掲載、任用の申込みと回答など）は、通知ごとに1通のメールで届けます。
      送信できなかったメールは6回まで間隔をあけて再送し、それでも届かないものは「${labels.mailState.dead}」になります。</p>
    <dl class="summary" id="mail-counts">
      ${Object.entries(counts).map(([state, n]) => html`<dt>${labels.mailState[state] ?? state}</dt><dd data-state="${state}">${n}通</dd>`)}
    </dl>
    <section aria-labelledby="trouble-title">
      <h2 id="trouble-title">届いていないメール</h2>
      ${trouble.length === 0
        ? html`<p class="notice success" id="no-trouble">届いていないメールはありません。</p>`
        : table("trouble", "届いていない、または送信待ちのメール", trouble, true)}
    </section>
    <section aria-labelledby="sent-title">
      <h2 id="sent-title">送信済み（${sent.length}通）</h2>
      ${sent.length === 0 ? html`<p class="muted">まだありません。</p>` : table("sent", "送信済みのメール", sent, false)}
    </section>`);
}

function table(id, caption, rows, showError) {
  return html`<div class="table-wrap"><table id="${id}">
    <caption>${caption}</caption>
    <thead><tr>
      <th scope="col">通知</th><th scope="col">宛先</th><th scope="col">対象</th><th scope="col">状態</th>
      <th scope="col">試行</th><th scope="col">${showError ? "理由・次の再送" : "送信日時"}</th>
    </tr></thead>
    <tbody>${rows.map((m) => html`<tr data-message-id="${m.messageId}">
      <td>${labels.noticeKind[m.kind] ?? m.kind}</td>
      <td>${labels.mailRecipient[m.recipient] ?? m.recipient}${m.recipientCode ? `（団体コード ${m.recipientCode}）` : ""}</td>
      <td><code>${m.subjectId ?? "—"}</code></td>
      <td>${labels.mailState[m.state] ?? m.state}</td>
      <td>${m.attempts}回</td>
      <td>${showError ? html`${m.lastError ?? ""}${m.nextAttemptAt ? html`<br>次の再送: ${dateTime(m.nextAttemptAt)}` : ""}` : dateTime(m.finishedAt)}</td>
    </tr>`)}</tbody>
  </table></div>`;
}
