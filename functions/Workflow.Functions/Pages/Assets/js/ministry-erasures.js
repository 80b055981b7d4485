// 総務省: erasure after the retention period. The schedule lists each round whose period is over; the ministry
// approves a round's list here (recorded in the round's business log); the next scheduled run erases.
import { api, html, render, dateTime, announce } from "/assets/js/common.js";

/** Fills the section with the rounds due for erasure and an approval button for each; hides it when there is nothing. */
export async function erasureApprovals(section) {
  const answer = await api("GET", "/api/ministry/erasures");
  if (!answer.ok || (answer.body.items ?? []).length === 0) {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  const items = answer.body.items;
  render(section, html`<div class="card">
    <h2 id="erasures-title" tabindex="-1">保存期間が過ぎた個人情報の削除</h2>
    <p>保存期間を過ぎた公募ラウンドの応募者です。承認すると、次回の定期処理で個人情報と職務経歴書を削除し、監査ログには削除の記録だけが残ります。</p>
    <div class="table-wrap"><table id="erasures">
      <caption>公募ラウンドごとの削除の状況</caption>
      <thead><tr><th scope="col">公募ラウンド</th><th scope="col">削除できる日</th><th scope="col">承認待ち</th><th scope="col">承認済み</th><th scope="col">削除済み</th><th scope="col">承認</th></tr></thead>
      <tbody>${items.map((r) => html`<tr>
        <th scope="row">${r.title}<br><span class="muted">${r.roundId}</span></th>
        <td>${dateTime(r.erasableFrom)}</td>
        <td class="number">${r.proposed}人</td>
        <td class="number">${r.approved}人${r.approvedBy ? html`<br><span class="muted">${r.approvedBy}（${dateTime(r.approvedAt)}）</span>` : ""}</td>
        <td class="number">${r.erased}人</td>
        <td>${r.proposed > 0 ? html`<button type="button" data-approve="${r.roundId}" aria-label="${r.roundId} の${r.proposed}人の削除を承認する">削除を承認する</button>` : html`<span class="muted">—</span>`}</td>
      </tr>`)}</tbody>
    </table></div></div>`);
  section.querySelectorAll("button[data-approve]").forEach((b) => b.addEventListener("click", async () => {
    b.disabled = true;
    const approved = await api("POST", `/api/ministry/erasures/${encodeURIComponent(b.dataset.approve)}/approval`, { json: {} });
    if (!approved.ok) {
      b.disabled = false;
      announce([approved.problem?.title ?? "削除を承認できませんでした。", approved.problem?.detail].filter(Boolean).join(" "), "error");
      // Someone else approved this list first: show where it stands now.
      if (approved.status === 409) await erasureApprovals(section);
      return;
    }
    announce(approved.body.message, "success");
    await erasureApprovals(section);
    section.querySelector("#erasures-title")?.focus();
  }));
}
