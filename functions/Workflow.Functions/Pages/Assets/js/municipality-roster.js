// 自治体: 人材リスト (the published roster, consented fields only) and the request to appoint a person from it.
import { api, command, claims, html, render, deadline, dateTime, labels, showProblem, clearProblem, announce, requireSignIn } from "/assets/js/common.js";
import { openProfile } from "/assets/js/municipality-profile.js";

const PAGE_SIZE = 20;
const MAX_PARTNERS = 10;

/** An appointment's status in Japanese. */
export function appointmentStatusText(status) {
  return labels.appointmentStatus[status] ?? status;
}

/** The role's name, or the title the municipality gave with the role beside it: DX推進アドバイザー（その他）. */
export function roleText(a) {
  const kind = labels.appointmentRole[a.role] ?? a.role;
  return a.roleTitle && a.roleTitle !== kind ? `${a.roleTitle}（${kind}）` : kind;
}

/** Whether the measure applies and, condition by condition, why (ADR 0016). */
export function measureMarkup(a) {
  if (!a.measure) return a.withinSpecialTaxMeasure ? "対象" : "対象外";
  return html`${a.measure.qualifies ? "対象（措置率0.5）" : "対象外"}
    <ul class="conditions">${a.measure.conditions.map((c) => html`<li>${c.met ? labels.screening.met : labels.screening.notMet}：${c.condition}（${c.explanation}）</li>`)}</ul>`;
}

/** Who shares a shared (広域) appointment, each with its share: 千代田区 60%、札幌市 40%. Empty when it is not shared. */
export function sharesText(a) {
  return (a.shares ?? []).map((s) => `${s.municipalityName} ${s.percent}%`).join("、");
}

/** The terms in a line: 2027-04-01 から 2028-03-31 まで（週2日、常駐とリモートの併用、特別職非常勤職員）. */
export function termsText(a) {
  if (!a.terms) return "";
  return `${a.terms.startsOn} から ${a.terms.endsOn} まで（週${a.terms.daysPerWeek}日、${labels.workStyle[a.terms.workStyle]}、${labels.employmentForm[a.terms.form]}）`;
}

export function start(app) {
  if (!requireSignIn(app)) return;
  const mine = claims();
  const canRequest = mine.role === "municipality" && !!mine.municipality;

  const params = new URLSearchParams(location.search);
  const filters = { persona: params.get("persona") ?? "", prefecture: params.get("prefecture") ?? "", roundId: params.get("roundId") ?? "" };
  const tokens = [null];
  let index = 0;
  let shown = [];

  render(app, html`
    ${canRequest ? "" : html`<div class="notice"><p>任用の申込みは自治体の職員の方ができます。自治体（団体コード）としてサインインしてください。</p><p><a href="/staff">職員のサインイン</a></p></div>`}
    <p>研修を修了し、自治体への掲載に同意した方の一覧です。人材情報を開くと、選定の評価や経験を確かめて連絡を申し出られます（開いたことは業務記録に残ります）。CIO補佐官等として任用する場合は特別交付税措置の対象となります。</p>
    <form id="filters" class="card" novalidate>
      <h2>絞り込み</h2>
      <div class="field">
        <label for="field-persona">人材像</label>
        <select id="field-persona" name="persona">
          <option value="">すべて</option>
          ${Object.entries(labels.persona).map(([value, label]) => html`<option value="${value}">${label}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="field-prefecture">都道府県</label>
        <select id="field-prefecture" name="prefecture">
          <option value="">すべて</option>
          ${labels.prefectures.map((p) => html`<option>${p}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="field-roundId">公募ラウンドID</label>
        <span class="hint" id="field-roundId-hint">お知らせに書かれた公募ラウンドID（例：R2026-1a2b3c4d）。空欄ならすべての公募です。</span>
        <input type="text" id="field-roundId" name="roundId" autocomplete="off" spellcheck="false" aria-describedby="field-roundId-hint">
      </div>
      <div class="actions"><button type="submit">絞り込む</button></div>
    </form>
    <section aria-labelledby="roster-title">
      <h2 id="roster-title" tabindex="-1">人材リスト</h2>
      <div id="roster"></div>
    </section>
    <section id="profile" aria-labelledby="profile-title" class="card" hidden></section>
    <section id="request" aria-labelledby="request-title" hidden></section>`);

  const form = app.querySelector("#filters");
  form.elements.persona.value = filters.persona;
  form.elements.prefecture.value = filters.prefecture;
  form.elements.roundId.value = filters.roundId;
  const box = app.querySelector("#roster");
  const requestBox = app.querySelector("#request");
  const profileBox = app.querySelector("#profile");

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    filters.persona = form.elements.persona.value;
    filters.prefecture = form.elements.prefecture.value;
    filters.roundId = form.elements.roundId.value.trim();
    const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
    history.replaceState(null, "", `${location.pathname}${query.size ? `?${query}` : ""}`);
    tokens.length = 1;
    index = 0;
    load(true);
  });

  async function load(focus) {
    render(box, html`<p class="muted">読み込んでいます…</p>`);
    const query = new URLSearchParams({ pageSize: String(PAGE_SIZE) });
    for (const [k, v] of Object.entries(filters)) if (v) query.set(k, v);
    if (tokens[index]) query.set("continuation", tokens[index]);
    // Signed in as a municipality: everyone listed for municipalities; anyone else sees what the public page shows.
    const answer = await api("GET", canRequest ? `/api/municipalities/${encodeURIComponent(mine.municipality)}/roster?${query}` : `/api/roster?${query}`);
    if (!answer.ok) {
      box.replaceChildren();
      if (answer.problem?.errors) {
        showProblem(form, answer.problem);
      } else {
        render(box, html`<div class="notice" role="alert"><p>${answer.problem?.title ?? "人材リストを読み込めませんでした。"}</p></div>`);
      }
      return;
    }
    clearProblem(form);
    shown = answer.body.items ?? [];
    const next = answer.body.continuation ?? null;
    tokens[index + 1] = next;
    if (shown.length === 0) {
      render(box, html`<p class="notice">条件に合う人材は掲載されていません。</p>`);
      announce("条件に合う人材は掲載されていません。");
      return;
    }
    render(box, html`
      <div class="table-wrap">
        <table>
          <caption>人材リスト（${index + 1}ページ目、${shown.length}名）</caption>
          <thead><tr><th scope="col">氏名</th><th scope="col">人材像</th><th scope="col">都道府県</th><th scope="col">資格</th><th scope="col">経験</th><th scope="col">希望</th><th scope="col">公募ラウンド</th><th scope="col">人材情報・任用の申込み</th></tr></thead>
          <tbody>
            ${shown.map((e, i) => html`<tr>
              <th scope="row">${e.name}</th>
              <td>${(e.personaNames ?? []).join("、")}</td>
              <td>${e.prefecture}</td>
              <td>${(e.qualifications ?? []).join("、")}</td>
              <td>${(e.experience ?? []).join("、")}</td>
              <td>${e.preferences ?? ""}</td>
              <td>${e.roundId ?? ""}</td>
              <td>${canRequest ? html`<button type="button" class="secondary" data-profile="${i}" aria-label="${e.name}さんの人材情報を開く">人材情報</button>
                <button type="button" class="secondary" data-index="${i}" aria-label="${e.name}さんに任用を申し込む">任用を申し込む</button>` : html`<span class="muted">—</span>`}</td>
            </tr>`)}
          </tbody>
        </table>
      </div>
      <nav class="pagination" aria-label="人材リストのページ">
        ${index > 0 ? html`<button type="button" class="secondary" id="previous">前のページ</button>` : ""}
        ${next ? html`<button type="button" class="secondary" id="next">次のページ</button>` : ""}
      </nav>`);
    box.querySelectorAll("button[data-index]").forEach((b) => b.addEventListener("click", () => openRequest(shown[Number(b.dataset.index)])));
    box.querySelectorAll("button[data-profile]").forEach((b) => b.addEventListener("click", () =>
      openProfile(profileBox, mine.municipality, shown[Number(b.dataset.profile)], () => b.focus())));
    box.querySelector("#previous")?.addEventListener("click", () => { index--; load(true); });
    box.querySelector("#next")?.addEventListener("click", () => { index++; load(true); });
    announce(`人材リスト ${index + 1}ページ目（${shown.length}名）を表示しています。`);
    if (focus) app.querySelector("#roster-title").focus();
  }

  /** One form at a time, for the person chosen; its ids match the API's field names so errors land beside them. */
  function openRequest(person) {
    const appoint = command();
    requestBox.hidden = false;
    render(requestBox, html`
      <h2 id="request-title" tabindex="-1">任用の申込み：${person.name}さん</h2>
      <dl class="summary">
        <dt>氏名</dt><dd>${person.name}</dd>
        <dt>人材像</dt><dd>${(person.personaNames ?? []).join("、")}</dd>
        <dt>都道府県</dt><dd>${person.prefecture}</dd>
        <dt>公募ラウンド</dt><dd>${person.roundId}</dd>
        <dt>修了証番号</dt><dd>${person.certificateId}</dd>
      </dl>
      <form id="appointment" class="card" novalidate>
        <div class="field">
          <label for="field-candidateId">任用する人材（人材ID）</label>
          <input type="text" id="field-candidateId" value="${person.candidateId}" readonly>
        </div>
        <div class="field">
          <label for="field-role">任用の職<span class="required">必須</span></label>
          <span class="hint" id="field-role-hint">CIO補佐官等として任用する場合は特別交付税措置の対象です。</span>
          <select id="field-role" name="role" aria-describedby="field-role-hint" aria-required="true">
            ${Object.entries(labels.appointmentRole).map(([value, label]) => html`<option value="${value}">${label}</option>`)}
          </select>
        </div>
        <div class="field" id="role-title-field" hidden>
          <label for="field-roleTitle">職名<span class="required">必須</span></label>
          <span class="hint" id="field-roleTitle-hint">「${labels.appointmentRole.other}」を選んだときに入力します（100文字以内）。例：DX推進アドバイザー</span>
          <input type="text" id="field-roleTitle" name="roleTitle" maxlength="100" aria-describedby="field-roleTitle-hint" aria-required="true">
        </div>
        <div class="field">
          <label for="field-employmentForm">任用の形態<span class="required">必須</span></label>
          <span class="hint" id="field-employmentForm-hint">特別交付税措置の対象は、特別職非常勤職員としての任用又は業務委託です。</span>
          <select id="field-employmentForm" name="employmentForm" aria-describedby="field-employmentForm-hint" aria-required="true">
            ${Object.entries(labels.employmentForm).map(([value, label]) => html`<option value="${value}">${label}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="field-startsOn">任用の開始日<span class="required">必須</span></label>
          <input type="date" id="field-startsOn" name="startsOn" aria-required="true">
        </div>
        <div class="field">
          <label for="field-endsOn">任用の終了日<span class="required">必須</span></label>
          <span class="hint" id="field-endsOn-hint">開始日から3年以内。</span>
          <input type="date" id="field-endsOn" name="endsOn" aria-describedby="field-endsOn-hint" aria-required="true">
        </div>
        <div class="field">
          <label for="field-daysPerWeek">週あたりの勤務日数<span class="required">必須</span></label>
          <select id="field-daysPerWeek" name="daysPerWeek" aria-required="true">
            ${[1, 2, 3, 4, 5].map((d) => html`<option value="${d}" ${d === 2 ? html`selected` : ""}>週${d}日</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="field-workStyle">勤務の形<span class="required">必須</span></label>
          <select id="field-workStyle" name="workStyle" aria-required="true">
            ${Object.entries(labels.workStyle).map(([value, label]) => html`<option value="${value}">${label}</option>`)}
          </select>
        </div>
        <fieldset class="field" id="field-partners" tabindex="-1" aria-describedby="field-partners-hint">
          <legend>共同で任用する団体（広域、任意）</legend>
          <span class="hint" id="field-partners-hint">1人の方を複数の団体で共同して任用する（例：共同のCIO補佐官）場合に、相手の団体（登録済みの団体コード）と各団体の負担割合（%）を入力します（${MAX_PARTNERS}団体まで）。申し込む団体の負担割合は残りの割合です。特別交付税措置は団体ごとに、その負担割合について判定します。</span>
          <div id="partners"></div>
          <p id="own-share" class="muted" aria-live="polite"></p>
          <button type="button" class="secondary" id="add-partner">共同で任用する団体を追加する</button>
          <datalist id="municipality-codes"></datalist>
        </fieldset>
        <div class="actions">
          <button type="submit">任用を申し込む</button>
          <button type="button" class="secondary" id="cancel-request">閉じる</button>
        </div>
      </form>
      <div id="request-result"></div>`);
    const requestForm = requestBox.querySelector("#appointment");
    const role = requestForm.querySelector("#field-role");
    const titleField = requestForm.querySelector("#role-title-field");
    const result = requestBox.querySelector("#request-result");
    role.addEventListener("change", () => { titleField.hidden = role.value !== "other"; });
    const partnersBox = requestForm.querySelector("#partners");
    const ownShare = requestForm.querySelector("#own-share");
    const addPartner = requestForm.querySelector("#add-partner");
    let codesLoaded = false;
    /** Rows are renumbered after a removal, so that their ids match the API's partners[i] and errors land beside them. */
    const partnerRows = () => [...partnersBox.querySelectorAll(".partner")];
    const renumber = () => {
      partnerRows().forEach((row, i) => {
        row.querySelector("legend").textContent = `${i + 1}番目の団体`;
        row.querySelector(".code-label").htmlFor = row.querySelector("input[name=code]").id = `field-partners-${i}-municipalityCode`;
        row.querySelector(".percent-label").htmlFor = row.querySelector("input[name=percent]").id = `field-partners-${i}-percent`;
      });
      const sum = partnerRows().reduce((total, row) => total + (Number(row.querySelector("input[name=percent]").value) || 0), 0);
      ownShare.textContent = partnerRows().length === 0 ? "" : `申し込む団体の負担割合：${100 - sum}%`;
      addPartner.hidden = partnerRows().length >= MAX_PARTNERS;
    };
    addPartner.addEventListener("click", async () => {
      if (!codesLoaded) {
        codesLoaded = true;
        const list = await api("GET", "/api/municipalities");
        if (list.ok) {
          render(requestForm.querySelector("#municipality-codes"), html`${(list.body.items ?? []).filter((m) => m.code !== mine.municipality)
            .map((m) => html`<option value="${m.code}">${m.name}（${m.prefecture}）</option>`)}`);
        }
      }
      const row = document.createElement("fieldset");
      row.className = "partner";
      render(row, html`<legend></legend>
        <div class="field"><label class="code-label">団体コード（6桁）</label>
          <input type="text" name="code" inputmode="numeric" maxlength="6" autocomplete="off" list="municipality-codes"></div>
        <div class="field"><label class="percent-label">負担割合（%）</label>
          <input type="number" name="percent" min="1" max="99" step="1" inputmode="numeric"></div>
        <button type="button" class="secondary" data-remove>この団体を外す</button>`);
      partnersBox.append(row);
      row.querySelector("input[name=percent]").addEventListener("input", renumber);
      row.querySelector("[data-remove]").addEventListener("click", () => {
        row.remove();
        renumber();
        addPartner.focus();
      });
      renumber();
      row.querySelector("input[name=code]").focus();
    });
    requestBox.querySelector("#cancel-request").addEventListener("click", () => {
      requestBox.hidden = true;
      requestBox.replaceChildren();
      box.querySelector(`button[data-index="${shown.indexOf(person)}"]`)?.focus();
    });
    requestBox.querySelector("#request-title").focus();

    requestForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearProblem(requestForm);
      const value = (name) => requestForm.querySelector(`#field-${name}`).value;
      const body = {
        candidateId: person.candidateId, role: role.value, employmentForm: value("employmentForm"),
        startsOn: value("startsOn") || null, endsOn: value("endsOn") || null, daysPerWeek: Number(value("daysPerWeek")), workStyle: value("workStyle"),
      };
      if (role.value === "other") body.roleTitle = requestForm.querySelector("#field-roleTitle").value.trim();
      const partners = partnerRows().map((row) => ({
        municipalityCode: row.querySelector("input[name=code]").value.trim() || null,
        percent: row.querySelector("input[name=percent]").value === "" ? null : Number(row.querySelector("input[name=percent]").value),
      }));
      if (partners.length) body.partners = partners;
      const button = requestForm.querySelector("button[type=submit]");
      button.disabled = true;
      announce("任用を申し込んでいます…");
      const answer = await api("POST", `/api/rounds/${encodeURIComponent(person.roundId)}/appointments`, { json: body, idempotencyKey: appoint.id() });
      button.disabled = false;
      if (!answer.ok) {
        announce("任用を申し込めませんでした。", "error");
        showProblem(requestForm, answer.problem ?? { title: "任用を申し込めませんでした。" });
        return;
      }
      appoint.done();
      const a = answer.body;
      const created = answer.status === 201;
      const message = created ? "任用の申込みを送りました。" : "この方には既に任用を申し込んでいます。申込みの内容は次のとおりです。";
      render(result, html`
        <div class="notice success" id="appointment-created">
          <h3 tabindex="-1" id="appointment-result-title">${message}</h3>
          <dl class="summary">
            <dt>申込番号</dt><dd>${a.appointmentId}</dd>
            <dt>人材</dt><dd>${person.name}さん</dd>
            <dt>任用の職</dt><dd>${roleText(a)}</dd>
            <dt>任用の条件</dt><dd>${termsText(a)}</dd>
            ${a.shares ? html`<dt>共同で任用する団体と負担割合</dt><dd>${sharesText(a)}</dd>` : ""}
            <dt>特別交付税措置</dt><dd>${measureMarkup(a)}</dd>
            <dt>状態</dt><dd><span class="badge">${appointmentStatusText(a.status)}</span></dd>
            <dt>申込日時</dt><dd>${dateTime(a.requestedAt)}</dd>
            <dt>回答期限</dt><dd><span class="deadline">${deadline(a.answerBy)}</span></dd>
          </dl>
          <p><a href="/municipality/appointments?roundId=${encodeURIComponent(a.roundId)}">任用の申込み状況を見る</a></p>
        </div>`);
      announce(message, "success");
      result.querySelector("#appointment-result-title").focus();
    });
  }

  load(false);
}
