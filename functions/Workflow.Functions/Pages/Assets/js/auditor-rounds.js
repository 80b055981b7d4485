// 監査: every round, each linked to its timeline (orchestration history beside the business log).
import { api, html, render, dateTime, labels, announce, requireAuditor } from "/assets/js/common.js";

const ROWS_PER_PAGE = 20;

export function start(app) {
  if (!requireAuditor(app)) return;

  render(app, html`
    <p>公募ラウンドを選ぶと、オーケストレーションの履歴と業務ログを時刻順に並べたタイムラインを確認できます。タイムラインはCSVで書き出せます。
      「記録の検証」では、業務ログが記録されたときのまま（書き換え・削除・並べ替えがない）かを確かめられます。</p>
    <p><a href="/auditor/registry/log">公募ラウンドに属さない操作（団体の登録）の記録を検証する</a></p>
    <section aria-labelledby="rounds-title">
      <h2 id="rounds-title" tabindex="-1">公募ラウンド</h2>
      <div id="rounds"><p class="muted">読み込んでいます…</p></div>
    </section>`);
  const box = app.querySelector("#rounds");

  (async () => {
    const answer = await api("GET", "/api/rounds");
    if (!answer.ok) {
      render(box, html`<div class="notice" role="alert"><p>${answer.problem?.title ?? "公募ラウンドを読み込めませんでした。"}</p>${answer.problem?.detail ? html`<p>${answer.problem.detail}</p>` : ""}</div>`);
      return;
    }
    const rounds = [...(answer.body.items ?? [])].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
    if (rounds.length === 0) {
      render(box, html`<p>公募ラウンドはまだありません。</p>`);
      announce("公募ラウンドはまだありません。");
      return;
    }
    draw(rounds, 0, false);
    announce(`${rounds.length}件の公募ラウンドがあります。`);
  })();

  function draw(rounds, page, focus) {
    const pages = Math.ceil(rounds.length / ROWS_PER_PAGE);
    const rows = rounds.slice(page * ROWS_PER_PAGE, (page + 1) * ROWS_PER_PAGE);
    render(box, html`
      <div class="table-wrap">
        <table>
          <caption>公募ラウンド（${rounds.length}件${pages > 1 ? `、${page + 1}/${pages}ページ` : ""}）</caption>
          <thead><tr><th scope="col">公募ラウンド</th><th scope="col">年度</th><th scope="col">受託事業者</th><th scope="col">状態</th><th scope="col">作成日時</th><th scope="col">タイムライン</th><th scope="col">記録の検証</th></tr></thead>
          <tbody>
            ${rows.map((r) => html`<tr>
              <th scope="row">${r.title}<br><span class="muted">${r.roundId}</span></th>
              <td>${r.fiscalYear ? `${r.fiscalYear}年度` : ""}</td>
              <td>${r.operatorName}</td>
              <td>${r.stateName ?? labels.state[r.state] ?? r.state}</td>
              <td>${dateTime(r.createdAt)}</td>
              <td><a href="/auditor/rounds/${encodeURIComponent(r.roundId)}">${r.roundId} のタイムライン</a></td>
              <td><a href="/auditor/rounds/${encodeURIComponent(r.roundId)}/log">${r.roundId} の記録を検証</a></td>
            </tr>`)}
          </tbody>
        </table>
      </div>
      ${pages > 1 ? html`<nav class="pagination" aria-label="公募ラウンドのページ">
        ${page > 0 ? html`<button type="button" class="secondary" data-page="${page - 1}">前のページ</button>` : ""}
        ${page + 1 < pages ? html`<button type="button" class="secondary" data-page="${page + 1}">次のページ</button>` : ""}
      </nav>` : ""}`);
    box.querySelectorAll("button[data-page]").forEach((b) => b.addEventListener("click", () => draw(rounds, Number(b.dataset.page), true)));
    if (focus) app.querySelector("#rounds-title").focus();
  }
}
