// 監査: one person's story in a round — the business log, the appointment orchestrations and the stored records, in
// time order, grouped by the round's steps, with who acted. Every name and wording comes from the server's answer;
// the CSV is the server's own (UTF-8 with BOM), so that its download is logged as a read like the page itself.
import { api, html, render, announce, download, requireAuditor } from "/assets/js/common.js";

const jst = new Intl.DateTimeFormat("ja-JP", {
  timeZone: "Asia/Tokyo", year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit",
});
const at = (iso) => (iso ? jst.format(new Date(iso)) : "");

export function start(app) {
  if (!requireAuditor(app)) return;
  const match = location.pathname.match(/\/auditor\/rounds\/([^/]+)\/applications\/([^/]+)/);
  const roundId = match ? decodeURIComponent(match[1]) : "";
  const applicationId = match ? decodeURIComponent(match[2]) : "";
  const storyPath = `/api/audit/rounds/${encodeURIComponent(roundId)}/applications/${encodeURIComponent(applicationId)}/story`;

  render(app, html`
    <nav class="breadcrumbs" aria-label="パンくずリスト"><ol>
      <li><a href="/auditor">監査</a></li>
      <li><a href="/auditor/rounds/${encodeURIComponent(roundId)}">${roundId}</a></li>
      <li aria-current="page">${applicationId}</li>
    </ol></nav>
    <p class="hint">この画面の表示とCSVの書き出しは、それぞれ個人情報の閲覧として業務ログに記録されます。</p>
    <div id="story"><p class="muted">読み込んでいます…</p></div>`);
  const box = app.querySelector("#story");

  (async () => {
    const [answer, round] = await Promise.all([api("GET", storyPath), api("GET", `/api/rounds/${encodeURIComponent(roundId)}`)]);
    if (!answer.ok) {
      render(box, html`<div class="notice" role="alert"><p>${answer.problem?.title ?? "記録を読み込めませんでした。"}</p>${answer.problem?.detail ? html`<p>${answer.problem.detail}</p>` : ""}</div>`);
      return;
    }
    draw(answer.body, round.ok ? round.body : null);
  })();

  function draw(story, round) {
    const person = story.person;
    const tombstone = story.tombstone;
    render(box, html`
      <dl class="summary" id="story-summary">
        <dt>応募ID</dt><dd>${story.applicationId}</dd>
        <dt>公募ラウンド</dt><dd>${round?.title ? `${round.title}（${story.roundId}）` : story.roundId}</dd>
        ${person ? html`<dt>氏名</dt><dd>${person.fullName}</dd><dt>状況</dt><dd>${person.statusName}</dd><dt>応募した人材像</dt><dd>${person.personaNames.join("、")}</dd>` : ""}
        <dt>任用の申込み</dt><dd>${story.appointmentIds.length ? story.appointmentIds.join("、") : "なし"}</dd>
      </dl>
      ${story.notice ? html`<div class="notice" id="erased">
        <p><strong>${story.notice}</strong></p>
        ${tombstone ? html`<dl class="summary">
          <dt>消去した人</dt><dd>${tombstone.actorName}</dd>
          <dt>日時</dt><dd><time datetime="${tombstone.at}">${at(tombstone.at)}</time></dd>
          <dt>理由</dt><dd>${tombstone.reasonName}</dd>
        </dl>` : ""}
      </div>` : ""}
      <p>${story.events.length}件の記録を時刻の順に、段階ごとに表示しています。時刻に「段階の終了時刻」とある記録は、記録そのものに時刻がないため、その記録を書いた段階が終わった時刻を示しています。</p>
      ${story.groups.map((group) => section(story, group))}
      <div class="actions">
        <button type="button" class="secondary" id="export-csv">この応募者の記録をCSVで書き出す</button>
      </div>`);
    box.querySelector("#export-csv").addEventListener("click", exportCsv);
    announce(`${story.events.length}件の記録を表示しています。`);
  }

  function section(story, group) {
    const events = story.events.filter((e) => e.group === group.group);
    const id = `group-${group.group}`;
    return html`<section aria-labelledby="${id}-title" id="${id}">
      <h2 id="${id}-title">${group.name}</h2>
      <div class="table-wrap">
        <table class="story-table">
          <caption>${group.name}の記録（${events.length}件）</caption>
          <thead><tr><th scope="col">日時（日本時間）</th><th scope="col">内容</th><th scope="col">操作者</th><th scope="col">詳細</th></tr></thead>
          <tbody>
            ${events.map((e) => html`<tr>
              <td><time datetime="${e.at}">${at(e.at)}</time>${e.atIsStepEnd ? html`<span class="hint">段階の終了時刻</span>` : ""}</td>
              <td><span class="badge">${e.sourceName}</span><br>${e.what}</td>
              <td>${e.actorName}</td>
              <td>${e.detail ?? ""}${e.subject && e.subject !== story.applicationId ? html`<span class="hint">対象: ${e.subject}</span>` : ""}</td>
            </tr>`)}
          </tbody>
        </table>
      </div>
    </section>`;
  }

  async function exportCsv() {
    const name = await download(`${storyPath}?format=csv`, { accept: "text/csv", fallbackName: `story-${applicationId}.csv` });
    if (name) announce(`この応募者の記録をCSVで書き出しました（${name}）。この書き出しも業務ログに記録されました。`, "success");
  }
}
