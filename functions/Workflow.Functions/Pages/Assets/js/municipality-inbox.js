// 自治体: お知らせ (the municipality's notifications inbox), a page at a time.
import { api, claims, html, render, dateTime, announce, requireSignIn } from "/assets/js/common.js";

const PAGE_SIZE = 20;

export function start(app) {
  if (!requireSignIn(app)) return;
  const code = claims().municipality;
  if (claims().role !== "municipality" || !code) {
    render(app, html`<div class="notice"><p>このページは自治体の職員の方が使います。自治体（団体コード）としてサインインしてください。</p><p><a href="/staff">職員のサインイン</a></p></div>`);
    return;
  }

  // Storage pages forward only: the tokens of the pages before this one let the user go back.
  const tokens = [null];
  let index = 0;

  render(app, html`
    <p>団体コード <strong>${code}</strong> あてのお知らせです。人材リストの掲載や、任用の申込みへの回答をお知らせします。</p>
    <p><a href="/municipality/roster">人材リストから任用を申し込む</a> ・ <a href="/municipality/appointments">任用の申込み状況を見る</a></p>
    <section aria-labelledby="inbox-title">
      <h2 id="inbox-title" tabindex="-1">お知らせ一覧</h2>
      <div id="inbox"></div>
    </section>`);
  const box = app.querySelector("#inbox");

  async function load(focus) {
    render(box, html`<p class="muted">読み込んでいます…</p>`);
    const token = tokens[index];
    const query = new URLSearchParams({ pageSize: String(PAGE_SIZE) });
    if (token) query.set("continuation", token);
    const answer = await api("GET", `/api/municipalities/${encodeURIComponent(code)}/notifications?${query}`);
    if (!answer.ok) {
      render(box, html`<div class="notice" role="alert"><p>${answer.problem?.title ?? "お知らせを読み込めませんでした。"}</p>${answer.problem?.detail ? html`<p>${answer.problem.detail}</p>` : ""}</div>`);
      return;
    }
    const items = [...(answer.body.items ?? [])].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
    const next = answer.body.continuation ?? null;
    tokens[index + 1] = next;
    if (items.length === 0 && index === 0) {
      render(box, html`<p>お知らせはまだありません。</p>`);
      announce("お知らせはまだありません。");
      return;
    }
    render(box, html`
      <div class="table-wrap">
        <table>
          <caption>お知らせ（${index + 1}ページ目、${items.length}件）</caption>
          <thead><tr><th scope="col">日時</th><th scope="col">件名</th><th scope="col">本文</th><th scope="col">公募ラウンド</th></tr></thead>
          <tbody>
            ${items.map((n) => html`<tr>
              <td><time datetime="${n.createdAt}">${dateTime(n.createdAt)}</time></td>
              <th scope="row">${n.title}</th>
              <td>${n.body}</td>
              <td>${n.roundId ? html`<a href="/municipality/roster?roundId=${encodeURIComponent(n.roundId)}" aria-label="公募ラウンド ${n.roundId} の人材リスト">${n.roundId}</a>` : ""}</td>
            </tr>`)}
          </tbody>
        </table>
      </div>
      <nav class="pagination" aria-label="お知らせのページ">
        ${index > 0 ? html`<button type="button" class="secondary" id="previous">前のページ</button>` : ""}
        ${next ? html`<button type="button" class="secondary" id="next">次のページ</button>` : ""}
      </nav>`);
    box.querySelector("#previous")?.addEventListener("click", () => { index--; load(true); });
    box.querySelector("#next")?.addEventListener("click", () => { index++; load(true); });
    announce(`お知らせ ${index + 1}ページ目（${items.length}件）を表示しています。`);
    if (focus) app.querySelector("#inbox-title").focus();
  }

  load(false);
}
