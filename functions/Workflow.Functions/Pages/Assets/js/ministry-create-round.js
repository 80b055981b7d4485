// 総務省: commission a round (①委託). The form keeps what was typed on every error; the API names the fields.
import { api, command, html, render, labels, deadline, announce, requireSignIn, showProblem, clearProblem, fieldId } from "/assets/js/common.js";
import { loadSkillStandard } from "/assets/js/operator-shared.js";

const DEFAULT_MODULES = [1, 2, 3, 4, 4];
const MAX_SESSIONS = 6;

const DATES = [
  ["acceptCommissionBy", "委託の受諾期限", "受託事業者がこの日時までに委託を受諾します。"],
  ["applicationOpensAt", "公募開始日時", "受諾期限以降にしてください。"],
  ["applicationClosesAt", "応募締切日時", "公募開始日時より後にしてください。"],
  ["selectionDeadline", "選定期限", "選定委員会の審査はこの日時までに終えます。"],
];
const LATER_DATES = [
  ["publicationDate", "人材リストへの掲載日", "最終回の研修以降にしてください。"],
  ["appointmentClosesAt", "任用の受付期限", "自治体が任用を申し込める期限です。掲載日より後にしてください。"],
];

/** 2026-04-01T10:00 (datetime-local, Japan time) → 2026-04-01T10:00:00+09:00 */
function toIso(local) {
  if (!local) return undefined;
  return (local.length === 16 ? `${local}:00` : local) + "+09:00";
}

function dateField(name, label, hint) {
  const id = fieldId(`schedule.${name}`);
  return html`<div class="field">
    <label for="${id}">${label}<span class="required">必須</span></label>
    <span class="hint" id="${id}-hint">${hint}（日本時間）</span>
    <input type="datetime-local" id="${id}" name="${name}" aria-describedby="${id}-hint" required>
  </div>`;
}

export async function start(app) {
  if (!requireSignIn(app)) return;
  const standard = await loadSkillStandard();
  const personaName = (p) => labels.persona[p] ?? p;
  const modules = standard.curriculum ?? [];
  const now = new Date();
  const fiscalYear = now.getMonth() >= 3 ? now.getFullYear() : now.getFullYear() - 1;

  const sessionRow = (i) => {
    const moduleId = fieldId(`schedule.trainingSessions[${i}].module`);
    const startsId = fieldId(`schedule.trainingSessions[${i}].startsAt`);
    const optional = i >= DEFAULT_MODULES.length;
    return html`<fieldset class="card session" data-index="${i}">
      <legend>第${i + 1}回研修${optional ? "（任意）" : ""}</legend>
      <div class="field">
        <label for="${moduleId}">内容（カリキュラム）${optional ? "" : html`<span class="required">必須</span>`}</label>
        <select id="${moduleId}" name="module">
          ${optional ? html`<option value="" selected>実施しない（5回で実施）</option>` : ""}
          ${modules.map((m) => html`<option value="${m.number}" ${!optional && DEFAULT_MODULES[i] === m.number ? html`selected` : ""}>（${m.number}）${m.title}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="${startsId}">開始日時${optional ? "" : html`<span class="required">必須</span>`}</label>
        <span class="hint" id="${startsId}-hint">1コマ60分。前の回より後にしてください（日本時間）。</span>
        <input type="datetime-local" id="${startsId}" name="startsAt" aria-describedby="${startsId}-hint">
      </div>
    </fieldset>`;
  };

  render(app, html`
    <p>公募ラウンドを作成すると、受託事業者に委託されます。受託事業者の受諾を待って、公募・応募・選定・研修・掲載・任用と進みます。</p>
    <form id="create-round" novalidate>
      <p class="muted"><span class="required">必須</span>の項目は必ず入力してください。</p>
      <div class="field">
        <label for="field-fiscalYear">年度<span class="required">必須</span></label>
        <span class="hint" id="field-fiscalYear-hint">4月に始まる年度を西暦で入力します（例：${fiscalYear}）。</span>
        <input type="number" id="field-fiscalYear" name="fiscalYear" inputmode="numeric" min="2020" max="2100" value="${fiscalYear}" aria-describedby="field-fiscalYear-hint" required>
      </div>
      <div class="field">
        <label for="field-title">公募の名称<span class="required">必須</span></label>
        <span class="hint" id="field-title-hint">200文字以内。公募一覧に表示されます。</span>
        <input type="text" id="field-title" name="title" maxlength="200" aria-describedby="field-title-hint" required>
      </div>
      <div class="field">
        <label for="field-operatorName">委託先の民間事業者名<span class="required">必須</span></label>
        <input type="text" id="field-operatorName" name="operatorName" maxlength="200" autocomplete="organization" required>
      </div>

      <fieldset id="field-personas" tabindex="-1" aria-describedby="personas-hint">
        <legend>募集する人材像と人数<span class="required">必須</span></legend>
        <span class="hint" id="personas-hint">1つ以上の人材像に募集人数（1〜1000人）を入力します。募集しない人材像は空欄のままにします。</span>
        ${Object.keys(labels.persona).map((p) => html`<div class="field persona" data-persona="${p}">
          <label for="persona-${p}">${personaName(p)}の募集人数</label>
          <input type="number" id="persona-${p}" name="headCount" inputmode="numeric" min="1" max="1000">
        </div>`)}
      </fieldset>

      <fieldset id="field-schedule" tabindex="-1">
        <legend>日程</legend>
        ${DATES.map(([n, l, h]) => dateField(n, l, h))}
      </fieldset>

      <fieldset id="field-schedule-trainingSessions" tabindex="-1" aria-describedby="sessions-hint">
        <legend>研修（5回または6回）</legend>
        <span class="hint" id="sessions-hint">カリキュラムの（１）〜（３）を各1回、（４）自治体ＤＸを2回または3回含めます。第1回は選定期限以降にしてください。</span>
        ${Array.from({ length: MAX_SESSIONS }, (_, i) => sessionRow(i))}
      </fieldset>

      <fieldset>
        <legend>掲載と任用</legend>
        ${LATER_DATES.map(([n, l, h]) => dateField(n, l, h))}
      </fieldset>

      <div class="actions">
        <button type="submit">公募ラウンドを作成し、委託する</button>
        <a class="button secondary" href="/ministry">作成せずに一覧へ戻る</a>
      </div>
    </form>
    <div id="created"></div>`);

  const form = app.querySelector("#create-round");
  const create = command();
  let busy = false;

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    clearProblem(form);

    // The personas sent are those with a head count; their inputs take the ids the API's field names point to.
    const personas = [];
    form.querySelectorAll(".persona").forEach((div) => {
      const input = div.querySelector("input");
      const label = div.querySelector("label");
      const p = div.dataset.persona;
      let id = `persona-${p}`;
      if (input.value.trim() !== "") {
        id = fieldId(`personas[${personas.length}].headCount`);
        personas.push({ persona: p, headCount: Number(input.value) });
      }
      input.id = id;
      label.htmlFor = id;
    });

    const schedule = {};
    for (const [name] of [...DATES, ...LATER_DATES]) {
      const value = toIso(form.querySelector(`[name="${name}"]`).value);
      if (value) schedule[name] = value;
    }
    schedule.trainingSessions = [];
    form.querySelectorAll(".session").forEach((fs) => {
      const i = Number(fs.dataset.index);
      const module = fs.querySelector("select").value;
      const startsAt = toIso(fs.querySelector("input").value);
      if (i >= DEFAULT_MODULES.length && module === "") return;
      const session = { number: i + 1, module: Number(module) };
      if (startsAt) session.startsAt = startsAt;
      schedule.trainingSessions.push(session);
    });

    const year = form.querySelector("#field-fiscalYear").value.trim();
    const request = {
      fiscalYear: year === "" || !/^\d+$/.test(year) ? null : Number(year),
      title: form.querySelector("#field-title").value,
      operatorName: form.querySelector("#field-operatorName").value,
      personas,
      schedule,
    };

    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    announce("送信しています…");
    const result = await api("POST", "/api/rounds", { json: request, idempotencyKey: create.id() });
    button.disabled = false;
    busy = false;
    if (!result.ok) {
      showProblem(form, result.problem);
      announce(result.problem?.title ?? "作成できませんでした。", "error");
      return;
    }

    create.done();
    const created = result.body;
    const target = app.querySelector("#created");
    render(target, html`<div class="notice success" tabindex="-1" id="created-notice">
      <h2>公募ラウンドを作成しました</h2>
      <p>${created.message}</p>
      <dl class="summary">
        <dt>公募ラウンド番号</dt><dd>${created.roundId}</dd>
        <dt>名称</dt><dd>${request.title}</dd>
        <dt>委託の受諾期限</dt><dd class="deadline">${deadline(schedule.acceptCommissionBy)}</dd>
      </dl>
      <p><a href="/ministry">公募ラウンドの状況へ</a></p>
    </div>`);
    form.hidden = true;
    announce("公募ラウンドを作成しました。", "success");
    target.querySelector("#created-notice").focus();
  });
}
