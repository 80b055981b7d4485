// 総務省: every round, its step, what and whom it waits for, and until when.
import { api, html, render, deadline, dateTime, labels, announce, requireSignIn } from "/assets/js/common.js";
import { problemNotice, stateLabel } from "/assets/js/operator-shared.js";

const PAGE_SIZE = 20;

export async function start(app) {
  if (!requireSignIn(app)) return;
  render(app, html`<p class="muted">読み込んでいます…</p>`);
  const result = await api("GET", "/api/rounds");
  if (!result.ok) {
    problemNotice(app, result, "公募ラウンドを読み込めませんでした。");
    return;
  }
  const rounds = [...(result.body.items ?? [])].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
  let page = 0;

  const show = (moveFocus) => {
    const items = rounds.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
    const pages = Math.max(1, Math.ceil(rounds.length / PAGE_SIZE));
    render(app, html`
      <p class="actions"><a class="button" href="/ministry/rounds/new">公募ラウンドを作成する</a></p>
      ${rounds.length === 0 ? html`<p class="notice">公募ラウンドはまだありません。</p>` : html`
      <div class="table-wrap">
      <table id="rounds-table" tabindex="-1">
        <caption>公募ラウンド（全${rounds.length}件${pages > 1 ? html`、${page + 1}／${pages}ページ` : ""}）</caption>
        <thead><tr>
          <th scope="col">公募ラウンド</th>
          <th scope="col">段階</th>
          <th scope="col">待っている相手</th>
          <th scope="col">期限</th>
          <th scope="col">人数</th>
        </tr></thead>
        <tbody>${items.map(row)}</tbody>
      </table>
      </div>
      ${pages > 1 ? html`<nav class="pagination" aria-label="公募ラウンドのページ">
        ${page > 0 ? html`<button type="button" class="secondary" data-pager="back">前のページ</button>` : ""}
        <span class="muted">${page + 1}／${pages}ページ</span>
        ${page + 1 < pages ? html`<button type="button" class="secondary" data-pager="forward">次のページ</button>` : ""}
      </nav>` : ""}`}
    `);
    app.querySelectorAll("[data-pager]").forEach((b) => b.addEventListener("click", () => {
      page += b.dataset.pager === "forward" ? 1 : -1;
      show(true);
    }));
    if (moveFocus) {
      app.querySelector("#rounds-table")?.focus();
      announce(`${page + 1}ページ目を表示しています。`);
    }
  };
  show(false);
}

function row(r) {
  const c = r.counts ?? {};
  return html`<tr>
    <th scope="row">
      <span>${r.title}</span><br>
      <span class="muted">${r.fiscalYear}年度 ・ 委託先：${r.operatorName}</span><br>
      <span class="muted">番号：${r.roundId} ・ 作成：${dateTime(r.createdAt)}</span>
    </th>
    <td><span class="badge">${r.stepName}</span><br>${stateLabel(r.state)}</td>
    <td>${r.waitingFor ? labels.waiting[r.waitingFor] ?? r.waitingFor : html`<span class="muted">確認中</span>`}</td>
    <td>${r.waitingUntil ? html`<span class="deadline">${deadline(r.waitingUntil)}</span>` : html`<span class="muted">なし</span>`}</td>
    <td><ul class="counts">
      <li>応募 ${c.submitted ?? 0}人</li>
      <li>書類選考通過 ${c.eligible ?? 0}人</li>
      <li>選定 ${c.selected ?? 0}人</li>
      <li>研修修了 ${c.certified ?? 0}人</li>
      <li>掲載 ${c.published ?? 0}人</li>
      <li>任用 ${c.appointed ?? 0}人</li>
    </ul></td>
  </tr>`;
}
