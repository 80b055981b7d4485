// 自治体: one listed person's full profile (every opening is written to the business log by the API), the request to
// contact them, and — once they accept — their contact details and résumé.
import { api, command, html, render, dateTime, labels, showProblem, clearProblem, announce, download } from "/assets/js/common.js";

/** Opens <code>person</code>'s profile in <code>box</code>; <code>onClose</code> puts focus back where it came from. */
export async function openProfile(box, code, person, onClose) {
  box.hidden = false;
  render(box, html`<p class="muted">読み込んでいます…</p>`);
  const path = `/api/municipalities/${encodeURIComponent(code)}/roster/${encodeURIComponent(person.candidateId)}`;
  const answer = await api("GET", path);
  if (!answer.ok) {
    render(box, html`<div class="notice error" role="alert"><p>${answer.problem?.title ?? "人材情報を読み込めませんでした。"}</p></div>`);
    return;
  }
  const p = answer.body;
  const ask = command();
  const withdrawal = command();
  const contact = p.contact;
  render(box, html`
    <h2 id="profile-title" tabindex="-1">人材情報：${p.name}さん</h2>
    <p class="hint">人材情報を開いたことは、業務記録に残ります。</p>
    <dl class="summary">
      <dt>人材像</dt><dd>${(p.outcomes ?? []).map((o) => o.personaName).join("、")}</dd>
      <dt>選定の理由</dt><dd>${(p.outcomes ?? []).map((o) => `${o.personaName}：${o.reason}`).join("／")}</dd>
      <dt>都道府県</dt><dd>${p.prefecture}</dd>
      <dt>修了証番号</dt><dd>${p.certificateId}</dd>
      <dt>資格</dt><dd>${(p.qualifications ?? []).join("、") || "なし"}</dd>
      <dt>スキルレベル</dt><dd>${(p.skillLevels ?? []).map((l) => `${l.frameworkName} ${l.field} レベル${l.level}`).join("、") || "なし"}</dd>
      <dt>希望</dt><dd>${p.preferences}</dd>
    </dl>
    <h3>経験</h3>
    ${(p.experiences ?? []).length === 0 ? html`<p>記載はありません。</p>` : html`<ul>${p.experiences.map((e) => html`<li>${e.kindName}（${e.years}年）：${e.summary}</li>`)}</ul>`}
    <h3>選定委員会の評価（スキル項目ごとの平均）</h3>
    ${(p.skills ?? []).length === 0 ? html`<p>評価の記録はありません。</p>` : html`
      <div class="table-wrap"><table id="profile-skills">
        <caption>スキル標準の項目ごとの評価（1〜4）</caption>
        <thead><tr><th scope="col">人材像</th><th scope="col">項目</th><th scope="col">平均</th><th scope="col">水準</th></tr></thead>
        <tbody>${p.skills.map((s) => html`<tr><td>${labels.persona[s.persona] ?? s.persona}</td><th scope="row">${s.name}</th><td class="number">${s.meanLevel.toFixed(1)}</td><td>${s.levelName}</td></tr>`)}</tbody>
      </table></div>`}
    <section aria-labelledby="contact-title" class="card">
      <h3 id="contact-title">連絡</h3>
      <div id="contact-box"></div>
    </section>
    <div class="actions"><button type="button" class="secondary" id="close-profile">閉じる</button></div>`);
  const contactBox = box.querySelector("#contact-box");
  box.querySelector("#close-profile").addEventListener("click", () => {
    box.hidden = true;
    box.replaceChildren();
    onClose?.();
  });
  box.querySelector("#profile-title").focus();
  showContact(contact, p.contactDetails);

  function showContact(current, details) {
    if (details) {
      render(contactBox, html`
        <p class="notice success">連絡の申出が承諾されました（${dateTime(current.answeredAt)}）。</p>
        <dl class="summary" id="contact-details">
          <dt>メールアドレス</dt><dd><a href="mailto:${details.email}">${details.email}</a></dd>
          <dt>電話番号</dt><dd>${details.phone}</dd>
        </dl>
        <p class="actions"><button type="button" class="secondary" id="resume-download">職務経歴書（PDF）をダウンロード</button></p>`);
      contactBox.querySelector("#resume-download").addEventListener("click", async () => {
        const name = await download(details.resumeUrl, { accept: "application/pdf", fallbackName: `${p.candidateId}.pdf` });
        if (name) announce(`${name} を保存しました。職務経歴書の閲覧は業務記録に残ります。`, "success");
      });
      return;
    }
    // A withdrawn request may be made again (the API says whether): then the form comes back below what happened.
    if (current && !current.mayAskAgain) {
      const outcome = {
        declined: html`<p>この方は連絡の申出を辞退しました。</p>`,
        withdrawn: html`<p>${dateTime(current.withdrawnAt)}に、この申出を取り下げました。同じ方には、これ以上申し出られません。</p>`,
      }[current.status] ?? html`<p class="hint">承諾されると、連絡先と職務経歴書がここに表示されます。</p>
        <form id="withdraw-form" class="actions"><button type="submit" class="secondary">申出を取り下げる</button></form>`;
      render(contactBox, html`<p id="contact-status"><span class="badge">${current.statusName}</span> ${dateTime(current.requestedAt)}に申し出ました：${current.message}</p>
        ${outcome}`);
      const withdraw = contactBox.querySelector("#withdraw-form");
      withdraw?.addEventListener("submit", async (event) => {
        event.preventDefault();
        clearProblem(withdraw);
        const button = withdraw.querySelector("button");
        button.disabled = true;
        const sent = await api("POST", `/api/municipalities/${encodeURIComponent(code)}/contacts/${encodeURIComponent(p.candidateId)}/withdrawal`,
          { json: {}, idempotencyKey: withdrawal.id() });
        button.disabled = false;
        if (!sent.ok) {
          showProblem(withdraw, sent.problem ?? { title: "申出を取り下げられませんでした。" });
          return;
        }
        withdrawal.done();
        showContact(sent.body, null);
        announce("連絡の申出を取り下げました。本人に通知しました。", "success");
      });
      return;
    }
    render(contactBox, html`
      ${current ? html`<p id="contact-status"><span class="badge">${current.statusName}</span> ${dateTime(current.withdrawnAt)}に、前回の申出を取り下げました。改めて申し出ることができます。</p>` : ""}
      <p>連絡先と職務経歴書は、この方が連絡の申出を承諾した後に見られます。</p>
      <form id="contact-form" novalidate>
        <div class="field">
          <label for="field-message">ご相談したい内容<span class="required">必須</span></label>
          <span class="hint" id="field-message-hint">業務の概要、期間、勤務の形など（400文字以内）。この文章がそのまま本人に届きます。</span>
          <textarea id="field-message" name="message" rows="4" maxlength="400" aria-describedby="field-message-hint" aria-required="true"></textarea>
        </div>
        <div class="actions"><button type="submit">${current ? "改めて連絡を申し出る" : "連絡を申し出る"}</button></div>
      </form>`);
    const form = contactBox.querySelector("#contact-form");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearProblem(form);
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      const sent = await api("POST", `/api/municipalities/${encodeURIComponent(code)}/contacts`,
        { json: { candidateId: p.candidateId, message: form.elements.message.value }, idempotencyKey: ask.id() });
      button.disabled = false;
      if (!sent.ok) {
        showProblem(form, sent.problem ?? { title: "連絡を申し出られませんでした。" });
        return;
      }
      ask.done();
      showContact(sent.body, null);
      announce(sent.status === 201 ? "連絡を申し出ました。本人に通知しました。" : "この方には既に連絡を申し出ています。", "success");
    });
  }
}
