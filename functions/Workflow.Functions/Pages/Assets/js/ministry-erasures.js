// 総務省: erasure after the retention period. The schedule lists each round whose period is over; the ministry
// approves a round's list here (recorded in the round's business log); the next scheduled run erases.
import { api, command, html, render, dateTime, announce, labels, showProblem, clearProblem } from "/assets/js/common.js";

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
      <thead><tr><th scope="col">公募ラウンド</th><th scope="col">削除できる日</th><th scope="col">承認待ち</th><th scope="col">承認済み</th><th scope="col">保留中</th><th scope="col">削除済み</th><th scope="col">承認</th></tr></thead>
      <tbody>${items.map((r) => html`<tr>
        <th scope="row">${r.title}<br><span class="muted">${r.roundId}</span></th>
        <td>${dateTime(r.erasableFrom)}</td>
        <td class="number">${r.proposed}人</td>
        <td class="number">${r.approved}人${r.approvedBy ? html`<br><span class="muted">${r.approvedBy}（${dateTime(r.approvedAt)}）</span>` : ""}</td>
        <td class="number">${r.held}人</td>
        <td class="number">${r.erased}人</td>
        <td>${r.proposed > 0 ? html`<button type="button" data-approve="${r.roundId}" aria-label="${r.roundId} の${r.proposed}人の削除を承認する">削除を承認する</button>` : html`<span class="muted">—</span>`}</td>
      </tr>`)}</tbody>
    </table></div>
    <h3>個人ごとの保留</h3>
    <p>訴訟・紛争、開示請求、会計検査などで記録を残す必要がある方は、受付番号を指定して削除を保留できます。保留中の方は承認・削除の対象になりません。解除すると、改めて承認が必要です。</p>
    ${items.some((r) => r.holds.length > 0) ? html`<div class="table-wrap"><table id="erasure-holds">
      <caption>保留中の方</caption>
      <thead><tr><th scope="col">受付番号</th><th scope="col">理由</th><th scope="col">保留した人・日時</th><th scope="col">解除</th></tr></thead>
      <tbody>${items.flatMap((r) => r.holds.map((h) => html`<tr>
        <th scope="row">${h.applicationId}</th>
        <td>${h.reasonName}</td>
        <td>${h.heldBy}（${dateTime(h.heldAt)}）</td>
        <td><button type="button" class="secondary" data-release="${r.roundId}" data-application="${h.applicationId}">保留を解除する</button></td>
      </tr>`))}</tbody>
    </table></div>` : ""}
    <form id="erasure-hold-form" novalidate>
      <div class="field">
        <label for="hold-round">公募ラウンド</label>
        <select id="hold-round" name="roundId">${items.map((r) => html`<option value="${r.roundId}">${r.title}（${r.roundId}）</option>`)}</select>
      </div>
      <div class="field">
        <label for="hold-application">受付番号<span class="required">必須</span></label>
        <input id="hold-application" name="applicationId" autocomplete="off" aria-required="true">
      </div>
      <div class="field">
        <label for="hold-reason">理由<span class="required">必須</span></label>
        <select id="hold-reason" name="reason">${Object.entries(labels.erasureHoldReason ?? {}).map(([key, name]) => html`<option value="${key}">${name}</option>`)}</select>
      </div>
      <div class="actions"><button type="submit">削除を保留する</button></div>
    </form></div>`);
  const hold = command();
  const form = section.querySelector("#erasure-hold-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearProblem(form);
    const { roundId, applicationId, reason } = Object.fromEntries(new FormData(form));
    const held = await api("PUT", `/api/ministry/erasures/${encodeURIComponent(roundId)}/applications/${encodeURIComponent(applicationId.trim())}/hold`,
      { json: { reason }, idempotencyKey: hold.id() });
    if (!held.ok) {
      showProblem(form, held.problem ?? { title: "保留できませんでした。" });
      return;
    }
    hold.done();
    announce(held.body.message, "success");
    await erasureApprovals(section);
    section.querySelector("#erasures-title")?.focus();
  });
  section.querySelectorAll("button[data-release]").forEach((b) => b.addEventListener("click", async () => {
    b.disabled = true;
    const released = await api("DELETE", `/api/ministry/erasures/${encodeURIComponent(b.dataset.release)}/applications/${encodeURIComponent(b.dataset.application)}/hold`);
    if (!released.ok) {
      b.disabled = false;
      announce([released.problem?.title ?? "保留を解除できませんでした。", released.problem?.detail].filter(Boolean).join(" "), "error");
      return;
    }
    announce(released.body.message, "success");
    await erasureApprovals(section);
    section.querySelector("#erasures-title")?.focus();
  }));
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
