// 総務省: the most days a week one person may hold at once (ADR 0016), on the rounds dashboard. The form names the
// value it showed, so that a change someone else made meanwhile is not overwritten unseen.
import { api, html, render, dateTime, announce, showProblem, clearProblem, command } from "/assets/js/common.js";

/** Fills the section with the limit as it stands and the form to change it; hides it for a role that cannot read it. */
export async function limitSetting(section) {
  const change = command();
  const answer = await api("GET", "/api/ministry/settings/appointment-limit");
  if (!answer.ok) {
    section.hidden = true;
    return;
  }
  draw(answer.body);

  function draw(limit) {
    const days = Array.from({ length: limit.highest }, (_, i) => i + 1);
    render(section, html`<form id="limit-form" class="card" novalidate>
      <h2 id="limit-title" tabindex="-1">1人が同時に持てる任用の上限</h2>
      <p>現在の上限：<strong>週${limit.maxDaysPerWeek}日</strong>${limit.isDefault
        ? `（初期値。まだ変更されていません）`
        : html`（${dateTime(limit.changedAt)}に${limit.changedBy}が変更）`}</p>
      <p class="hint" id="field-maxDaysPerWeek-hint">任用の申込みを承諾するとき、期間の重なる承諾済みの任用と合わせた週の勤務日数がこの上限を超えると承諾できません。複数の団体が共同で任用する申込みは1件として数えます。変更はこれからの承諾に適用し、業務ログに記録します。</p>
      <div class="field">
        <label for="field-maxDaysPerWeek">上限（週の日数）</label>
        <select id="field-maxDaysPerWeek" name="maxDaysPerWeek" aria-describedby="field-maxDaysPerWeek-hint">
          ${days.map((d) => html`<option value="${d}" ${d === limit.maxDaysPerWeek ? html`selected` : ""}>週${d}日</option>`)}
        </select>
      </div>
      <div class="actions"><button type="submit">上限を変更する</button></div>
    </form>`);
    const form = section.querySelector("#limit-form");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearProblem(form);
      const result = await api("PUT", "/api/ministry/settings/appointment-limit",
        { json: { maxDaysPerWeek: Number(form.elements.maxDaysPerWeek.value), seen: limit.maxDaysPerWeek }, idempotencyKey: change.id() });
      if (!result.ok) {
        showProblem(form, result.problem ?? { title: "上限を変更できませんでした。" });
        announce(result.problem?.title ?? "上限を変更できませんでした。", "error");
        return;
      }
      change.done();
      draw(result.body.current);
      announce(result.body.message, "success");
      section.querySelector("#limit-title").focus();
    });
  }
}
