// 監査: is a business log as it was written? The server reads the hash chain and its seals and says where it breaks.
import { api, html, render, dateTime, labels, announce, requireAuditor } from "/assets/js/common.js";

export function start(app) {
  if (!requireAuditor(app)) return;

  const match = location.pathname.match(/^\/auditor\/rounds\/([^/]+)\/log$/);
  const roundId = match ? decodeURIComponent(match[1]) : null;
  const endpoint = roundId ? `/api/audit/rounds/${encodeURIComponent(roundId)}/log/verification` : "/api/audit/registry/log/verification";

  render(app, html`
    <p>業務ログの各記録は、直前の記録のハッシュ値を含めて記録されています。記録の書き換え・削除・並べ替えがあると、そこで連鎖が切れます。
      連鎖の先頭は定期的に（および公募ラウンドの終了時に）書き換えできない保管場所に封印されます。</p>
    <p>${roundId ? html`対象: 公募ラウンド <strong>${roundId}</strong>（<a href="/auditor/rounds/${encodeURIComponent(roundId)}">タイムラインを見る</a>）` : html`対象: 地方公共団体の登録など、公募ラウンドに属さない操作`}</p>
    <section aria-labelledby="result-title">
      <h2 id="result-title" tabindex="-1">検証の結果</h2>
      <div id="result"><p class="muted">検証しています…</p></div>
      <p class="actions">
        <button type="button" id="again" class="secondary">もう一度検証する</button>
        <button type="button" id="full" class="secondary">すべての記録を照合する</button>
      </p>
    </section>`);
  const box = app.querySelector("#result");
  app.querySelector("#again").addEventListener("click", () => verify(true, false));
  app.querySelector("#full").addEventListener("click", () => verify(true, true));
  verify(false, false);

  async function verify(focus, full) {
    render(box, html`<p class="muted">${full ? "すべての記録を照合しています（件数が多いと時間がかかります）…" : "検証しています…"}</p>`);
    const answer = await api("GET", full ? `${endpoint}?mode=full` : endpoint);
    if (!answer.ok) {
      render(box, html`<div class="notice" role="alert"><p>${answer.problem?.title ?? "検証できませんでした。"}</p>${answer.problem?.detail ? html`<p>${answer.problem.detail}</p>` : ""}</div>`);
      return;
    }
    const v = answer.body;
    const broken = v.break;
    render(box, html`
      <div class="notice ${v.intact ? "success" : "error"}" role="${v.intact ? "status" : "alert"}" id="verdict">
        <p><strong>${v.intact ? "改ざんは見つかりませんでした" : "記録の連鎖が切れています"}</strong></p>
        <p>${v.summary}</p>
      </div>
      <p id="scope">${v.scope}</p>
      <dl class="summary">
        <dt>改ざんのないことを確認できた記録</dt><dd id="intact-up-to">第${v.intactUpTo}件まで</dd>
        <dt>照合の方法</dt><dd id="mode">${v.modeName}</dd>
        <dt>読み込んだ記録</dt><dd>${v.entries}件</dd>
        <dt>一致した最新の封印</dt><dd>${v.sealed ? `第${v.sealed.seq}件（${dateTime(v.sealed.sealedAt)}）` : "なし"}</dd>
        <dt>検証した日時</dt><dd>${dateTime(v.verifiedAt)}</dd>
      </dl>
      ${broken ? html`
        <div class="table-wrap">
          <table id="break">
            <caption>連鎖が切れている箇所</caption>
            <thead><tr><th scope="col">番号</th><th scope="col">種類</th><th scope="col">記録の時刻</th><th scope="col">操作</th><th scope="col">行キー</th></tr></thead>
            <tbody><tr>
              <th scope="row">第${broken.seq}件</th>
              <td>${v.breakKind}</td>
              <td>${broken.at ? dateTime(broken.at) : "—"}</td>
              <td>${broken.action ? (labels.action[broken.action] ?? broken.action) : "—"}</td>
              <td><code>${broken.key ?? "—"}</code></td>
            </tr></tbody>
          </table>
        </div>
        ` : ""}`);
    announce(v.intact ? "検証が終わりました。改ざんは見つかりませんでした。" : `検証が終わりました。第${broken.seq}件で記録の連鎖が切れています。`, v.intact ? "" : "error");
    if (focus) app.querySelector("#result-title").focus();
  }
}
