// 自治体: describe what we need (persona, the skill items that matter most, where, when, how many days) and read the
// roster ranked for it, with the reason for each rank. Earlier needs are listed with how many candidates they have now.
import { api, command, claims, html, render, labels, showProblem, clearProblem, announce, requireSignIn } from "/assets/js/common.js";
import { loadSkillStandard, problemNotice } from "/assets/js/operator-shared.js";

const KEY_SKILLS = 3;

export async function start(app) {
  if (!requireSignIn(app)) return;
  const code = claims().municipality;
  if (claims().role !== "municipality" || !code) {
    render(app, html`<div class="notice"><p>このページは自治体の職員の方が使います。自治体（団体コード）としてサインインしてください。</p><p><a href="/staff">職員のサインイン</a></p></div>`);
    return;
  }

  const standard = await loadSkillStandard();
  const skillsOf = (persona) => {
    const p = standard.personas.find((x) => x.persona === persona);
    return p ? [...(p.technicalSkills ?? []), ...(p.humanSkills ?? [])] : [];
  };
  const personas = Object.entries(labels.persona);

  render(app, html`
    <p>必要な人材像と、特に重視するスキル項目、勤務の形と場所、期間を入力すると、人材リストの方を選定委員会の評価などから順位付けして、順位の理由とともに表示します。</p>
    <form id="need-form" class="card" novalidate>
      <h2>ニーズを入力する</h2>
      <div class="field">
        <label for="field-persona">人材像<span class="required">必須</span></label>
        <select id="field-persona" name="persona">${personas.map(([value, name]) => html`<option value="${value}">${name}</option>`)}</select>
      </div>
      ${Array.from({ length: KEY_SKILLS }, (_, i) => html`<div class="field">
        <label for="field-keySkill${i}">${i + 1}番目に重視するスキル項目${i === 0 ? html`<span class="required">必須</span>` : ""}</label>
        <select id="field-keySkill${i}" name="keySkill${i}" class="key-skill"></select>
      </div>`)}
      <div class="field">
        <label for="field-workStyle">勤務の形<span class="required">必須</span></label>
        <select id="field-workStyle" name="workStyle">${Object.entries(labels.workStyle).map(([value, name]) => html`<option value="${value}">${name}</option>`)}</select>
      </div>
      <div class="field">
        <label for="field-prefecture">勤務地の都道府県<span class="required">必須</span></label>
        <select id="field-prefecture" name="prefecture">${labels.prefectures.map((p) => html`<option value="${p}">${p}</option>`)}</select>
      </div>
      <div class="field">
        <label for="field-startsOn">期間の開始日<span class="required">必須</span></label>
        <input type="date" id="field-startsOn" name="startsOn">
      </div>
      <div class="field">
        <label for="field-endsOn">期間の終了日<span class="required">必須</span></label>
        <input type="date" id="field-endsOn" name="endsOn">
      </div>
      <div class="field">
        <label for="field-daysPerWeek">週あたりの勤務日数<span class="required">必須</span></label>
        <select id="field-daysPerWeek" name="daysPerWeek">${[1, 2, 3, 4, 5].map((d) => html`<option value="${d}" ${d === 2 ? html`selected` : ""}>週${d}日</option>`)}</select>
      </div>
      <div class="actions"><button type="submit">候補者を探す</button></div>
    </form>
    <section id="candidates" aria-live="polite"></section>
    <section aria-labelledby="needs-title">
      <h2 id="needs-title">これまでのニーズ</h2>
      <div id="needs"><p class="muted">読み込んでいます…</p></div>
    </section>`);

  const form = app.querySelector("#need-form");
  const persona = form.querySelector("#field-persona");
  const fillSkills = () => {
    const skills = skillsOf(persona.value);
    form.querySelectorAll(".key-skill").forEach((select, i) => render(select, html`
      ${i === 0 ? "" : html`<option value="">（選ばない）</option>`}
      ${skills.map((s) => html`<option value="${s.code}">${s.name}</option>`)}`));
  };
  persona.addEventListener("change", fillSkills);
  fillSkills();
  if (claims().municipality) {
    const prefecture = labels.prefectures[Number(code.slice(0, 2)) - 1];
    if (prefecture) form.querySelector("#field-prefecture").value = prefecture;
  }

  const candidates = app.querySelector("#candidates");
  const needsList = app.querySelector("#needs");
  const creating = command();

  async function showCandidates(needId) {
    const answer = await api("GET", `/api/needs/${encodeURIComponent(needId)}/candidates`);
    if (!answer.ok) {
      problemNotice(candidates, answer, "候補者を読み込めませんでした。");
      return;
    }
    const need = answer.body.need;
    const list = answer.body.candidates ?? [];
    render(candidates, html`
      <h2 id="candidates-title" tabindex="-1">候補者（${labels.persona[need.need.persona]}、${list.length}人）</h2>
      ${list.length === 0 ? html`<p class="notice">この人材像の方は人材リストにまだいません。総務省にも、このニーズは「候補者なし」として伝わります。</p>` : html`
      <div class="table-wrap">
        <table id="candidates-table">
          <caption>順位と理由（選定委員会の評価、勤務地、期間中の空き）</caption>
          <thead><tr><th scope="col">順位</th><th scope="col">氏名</th><th scope="col">都道府県</th><th scope="col">期間中の空き</th><th scope="col">順位の理由</th><th scope="col">申込み</th></tr></thead>
          <tbody>${list.map((c) => html`<tr data-candidate-id="${c.candidateId}">
            <td class="number">${c.rank}</td>
            <th scope="row">${c.name}</th>
            <td>${c.prefecture}</td>
            <td>${c.available ? "あり" : html`<strong>なし</strong>`}</td>
            <td><ul>${c.reasons.map((r) => html`<li>${r}</li>`)}</ul></td>
            <td><a href="/municipality/roster?roundId=${encodeURIComponent(c.roundId)}">人材リストから申し込む</a></td>
          </tr>`)}</tbody>
        </table>
      </div>`}`);
    candidates.querySelector("#candidates-title").focus();
  }

  async function loadNeeds() {
    const answer = await api("GET", "/api/needs");
    if (!answer.ok) {
      problemNotice(needsList, answer, "ニーズを読み込めませんでした。");
      return;
    }
    const items = answer.body.items ?? [];
    render(needsList, items.length === 0 ? html`<p>まだニーズはありません。</p>` : html`
      <div class="table-wrap">
        <table id="needs-table">
          <caption>入力したニーズ（${items.length}件）</caption>
          <thead><tr><th scope="col">人材像</th><th scope="col">勤務</th><th scope="col">期間</th><th scope="col">状態</th><th scope="col">候補者（空きのある方）</th><th scope="col"><span class="visually-hidden">操作</span></th></tr></thead>
          <tbody>${items.map((n) => html`<tr>
            <th scope="row">${labels.persona[n.need.persona]}</th>
            <td>${labels.workStyle[n.need.workStyle]}・${n.need.prefecture}・週${n.need.daysPerWeek}日</td>
            <td>${n.need.startsOn} から ${n.need.endsOn} まで</td>
            <td>${labels.needStatus[n.status] ?? n.status}</td>
            <td class="number">${n.candidates}人（${n.available}人）</td>
            <td><button type="button" class="secondary" data-need="${n.needId}">候補者を見る</button>
              ${n.status === "open" ? html`<button type="button" class="secondary" data-close="${n.needId}" data-status="filled">${labels.needStatus.filled}として閉じる</button>
              <button type="button" class="secondary" data-close="${n.needId}" data-status="withdrawn">${labels.needStatus.withdrawn}にする</button>` : ""}</td>
          </tr>`)}</tbody>
        </table>
      </div>`);
    needsList.querySelectorAll("button[data-need]").forEach((b) => b.addEventListener("click", () => showCandidates(b.dataset.need)));
    needsList.querySelectorAll("button[data-close]").forEach((b) => b.addEventListener("click", async () => {
      b.disabled = true;
      const closed = await api("POST", `/api/needs/${encodeURIComponent(b.dataset.close)}/close`, { json: { status: b.dataset.status } });
      if (!closed.ok) {
        b.disabled = false;
        announce(closed.problem?.detail ?? closed.problem?.title ?? "ニーズを閉じられませんでした。", "error");
        return;
      }
      announce(`ニーズを「${closed.body.statusName}」にしました。`, "success");
      await loadNeeds();
    }));
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearProblem(form);
    const keySkillCodes = [...form.querySelectorAll(".key-skill")].map((s) => s.value).filter((v) => v);
    const body = {
      persona: persona.value, keySkillCodes, workStyle: form.elements.workStyle.value, prefecture: form.elements.prefecture.value,
      startsOn: form.elements.startsOn.value || null, endsOn: form.elements.endsOn.value || null, daysPerWeek: Number(form.elements.daysPerWeek.value),
    };
    announce("候補者を探しています…");
    const answer = await api("POST", `/api/municipalities/${encodeURIComponent(code)}/needs`, { json: body, idempotencyKey: creating.id() });
    if (!answer.ok) {
      showProblem(form, answer.problem ?? { title: "ニーズを登録できませんでした。" });
      announce(answer.problem?.title ?? "ニーズを登録できませんでした。", "error");
      return;
    }
    creating.done();
    announce(`候補者は${answer.body.candidates}人です（期間中に空きのある方${answer.body.available}人）。`, "success");
    await showCandidates(answer.body.needId);
    await loadNeeds();
  });

  await loadNeeds();
}
