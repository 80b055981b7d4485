// 受託事業者: the training sessions, attendance of the selected people (a page of people at a time, one form per
// session), the end of training, and the certificates issued.
import { api, command, html, render, deadline, announce, requireSignIn, claims, showProblem, clearProblem, fieldId } from "/assets/js/common.js";
import { routeParams, loadRound, loadSkillStandard, problemNotice, stateLabel, waitForStateChange, Pager } from "/assets/js/operator-shared.js";

const PAGE_SIZE = 25;

export async function start(app) {
  if (!requireSignIn(app)) return;
  const { roundId } = routeParams();
  const [round, standard] = await Promise.all([loadRound(roundId), loadSkillStandard()]);
  if (!round.ok) {
    problemNotice(app, round, "公募ラウンドを読み込めませんでした。");
    return;
  }
  const r = round.body;
  const sessions = r.schedule?.trainingSessions ?? [];
  const moduleTitle = (n) => standard.curriculum.find((m) => m.number === n)?.title ?? `カリキュラム（${n}）`;
  const isOperator = claims().role === "operator";

  render(app, html`
    <nav class="breadcrumbs" aria-label="現在の位置"><ol>
      <li><a href="/operator">担当する公募</a></li>
      <li><span aria-current="page">研修の出席と修了証</span></li>
    </ol></nav>
    <p class="lead">${r.title}（${r.fiscalYear}年度）</p>
    <p id="round-step">段階：<span class="badge">${r.stepName}</span> ${stateLabel(r.state)}</p>
    <div class="table-wrap"><table>
      <caption>研修の日程（全${sessions.length}回、各60分）</caption>
      <thead><tr><th scope="col">回</th><th scope="col">内容</th><th scope="col">開始日時</th></tr></thead>
      <tbody>${sessions.map((s) => html`<tr><th scope="row">第${s.number}回</th><td>（${s.module}）${moduleTitle(s.module)}</td><td>${deadline(s.startsAt)}</td></tr>`)}</tbody>
    </table></div>
    <section aria-labelledby="attendance-title">
      <h2 id="attendance-title">出席の記録</h2>
      <div id="attendance"></div>
    </section>
    <section aria-labelledby="finalize-title">
      <h2 id="finalize-title">研修の終了</h2>
      <div id="finalize"></div>
    </section>
    <section aria-labelledby="certificates-title">
      <h2 id="certificates-title">交付した修了証</h2>
      <div id="certificates"></div>
    </section>`);

  const attendance = app.querySelector("#attendance");
  const finalize = app.querySelector("#finalize");
  const certificates = app.querySelector("#certificates");

  // Attendance: only while the round is in training; one page of selected people.
  const people = new Pager();
  const loadAttendance = async (moveFocus) => {
    if (r.state !== "training") {
      render(attendance, html`<p class="notice">出席を記録できるのは「${stateLabel("training")}」の段階だけです。現在は「${stateLabel(r.state)}」です。</p>`);
      return;
    }
    const query = new URLSearchParams({ status: "selected", pageSize: String(PAGE_SIZE) });
    if (people.current) query.set("continuation", people.current);
    render(attendance, html`<p class="muted">読み込んでいます…</p>`);
    const result = await api("GET", `/api/rounds/${encodeURIComponent(roundId)}/applications?${query}`);
    if (!result.ok) {
      problemNotice(attendance, result, "選定された人を読み込めませんでした。");
      return;
    }
    const items = result.body.items ?? [];
    people.received(result.body.continuation);
    if (items.length === 0) {
      render(attendance, html`<p class="notice">研修の対象者（選定された人）はいません。</p>`);
      return;
    }
    render(attendance, html`
      <p>出席した回にチェックを入れ、回ごとに「第N回の出席を保存」を押してください。チェックのない人は欠席として記録します。保存はこのページに表示している人についてだけ行われます。ページを移る前に保存してください。</p>
      ${sessions.map((s) => html`<form id="attendance-${s.number}" class="attendance-form" data-session="${s.number}" novalidate></form>`)}
      <div class="table-wrap">
      <table id="attendance-table" tabindex="-1">
        <caption>出席（選定された人、${people.pageNumber}ページ目・${items.length}人）</caption>
        <thead><tr>
          <th scope="col">氏名</th>
          ${sessions.map((s) => html`<th scope="col" id="session-head-${s.number}">第${s.number}回<br><span class="muted">（${s.module}）${moduleTitle(s.module)}</span></th>`)}
        </tr></thead>
        <tbody>${items.map((a) => html`<tr>
          <th scope="row" id="person-${a.applicationId}">${a.fullName}<br><span class="muted">${a.applicationId}</span></th>
          ${sessions.map((s) => html`<td>
            <input type="checkbox" form="attendance-${s.number}" name="attended" value="${a.applicationId}"
              id="${fieldId(`attendance.${s.number}.${a.applicationId}`)}"
              aria-labelledby="person-${a.applicationId} session-head-${s.number}"
              ${(a.attendedSessions ?? []).includes(s.number) ? html`checked` : ""}>
          </td>`)}
        </tr>`)}</tbody>
        <tfoot><tr>
          <th scope="row">保存</th>
          ${sessions.map((s) => html`<td><button type="submit" form="attendance-${s.number}">第${s.number}回の出席を保存</button></td>`)}
        </tr></tfoot>
      </table>
      </div>
      ${people.markup("出席の記録")}`);
    people.wire(attendance, loadAttendance);
    attendance.querySelectorAll(".attendance-form").forEach((form) => form.addEventListener("submit", (event) => {
      event.preventDefault();
      saveSession(Number(form.dataset.session), form);
    }));
    if (moveFocus) {
      attendance.querySelector("#attendance-table")?.focus();
      announce(`${people.pageNumber}ページ目を表示しています（${items.length}人）。`);
    }
  };

  const saves = new Map();
  const saveSession = async (number, form) => {
    if (!saves.has(number)) saves.set(number, command());
    const save = saves.get(number);
    clearProblem(attendance);
    const boxes = [...form.elements].filter((e) => e.type === "checkbox");
    const attendees = boxes.filter((b) => b.checked).map((b) => b.value);
    const absentees = boxes.filter((b) => !b.checked).map((b) => b.value);
    const button = [...form.elements].find((e) => e.type === "submit");
    if (button) button.disabled = true;
    const result = await api("PUT", `/api/rounds/${encodeURIComponent(roundId)}/training/sessions/${number}/attendance`, { json: { attendees, absentees }, idempotencyKey: save.id() });
    if (button) button.disabled = false;
    if (!result.ok) {
      // The API names people by their place in the request; point each message at that person's checkbox.
      const errors = {};
      for (const [field, messages] of Object.entries(result.problem?.errors ?? {})) {
        const match = /^(attendees|absentees)\[(\d+)\]$/.exec(field);
        const id = match ? (match[1] === "attendees" ? attendees : absentees)[Number(match[2])] : null;
        errors[id ? `attendance.${number}.${id}` : field] = messages;
      }
      showProblem(attendance, { ...result.problem, errors });
      announce(result.problem?.title ?? "保存できませんでした。", "error");
      return;
    }
    save.done();
    announce(`第${number}回の出席を保存しました（出席 ${result.body.attended}人・欠席 ${result.body.absent}人）。`, "success");
  };

  const showFinalize = () => {
    if (r.state !== "training" || !isOperator) {
      render(finalize, html`<p class="muted">${["publishing", "appointing", "completed"].includes(r.state) ? "研修は終了しています。" : "研修の段階になると、ここで研修を終了できます。"}</p>`);
      return;
    }
    render(finalize, html`<form id="finalize-form" novalidate>
      <p class="hint" id="finalize-hint">全回の出席を保存してから押してください。全回に出席した人に修了証を交付します。元に戻せません。</p>
      <button type="submit" value="ask" aria-describedby="finalize-hint">研修を終了し、修了証を交付する</button>
      <div class="confirm notice" hidden>
        <p><strong>研修を終了し、修了証を交付します。元に戻せません。よろしいですか？</strong></p>
        <div class="actions"><button type="submit" value="confirm">はい、実行する</button><button type="button" class="secondary" data-cancel>やめる</button></div>
      </div>
    </form>`);
    const form = finalize.querySelector("#finalize-form");
    const finalizing = command();
    const ask = form.querySelector("button[value=ask]");
    const confirm = form.querySelector(".confirm");
    form.querySelector("[data-cancel]").addEventListener("click", () => {
      confirm.hidden = true;
      ask.hidden = false;
      ask.focus();
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearProblem(form);
      // What cannot be undone is asked twice, as on the rounds page.
      if (event.submitter?.value !== "confirm") {
        ask.hidden = true;
        confirm.hidden = false;
        confirm.querySelector("button[value=confirm]").focus();
        return;
      }

      const button = event.submitter;
      button.disabled = true;
      const result = await api("POST", `/api/rounds/${encodeURIComponent(roundId)}/training/finalize`, { idempotencyKey: finalizing.id() });
      if (!result.ok) {
        button.disabled = false;
        showProblem(form, result.problem);
        announce(result.problem?.title ?? "研修を終了できませんでした。", "error");
        return;
      }
      finalizing.done();
      announce(`${result.body.message} 修了証の交付を待っています…`);
      const moved = await waitForStateChange(roundId, r.state, 20);
      if (moved) {
        Object.assign(r, moved);
        render(app.querySelector("#round-step"), html`段階：<span class="badge">${r.stepName}</span> ${stateLabel(r.state)}`);
      }
      await loadAttendance(false);
      showFinalize();
      certs.reset();
      await loadCertificates(false);
      announce(moved ? `${result.body.message} 現在の段階：${stateLabel(r.state)}` : `${result.body.message} 反映に時間がかかっています。しばらくしてから再読み込みしてください。`, "success");
    });
  };

  // Certificates: the certified applications with their certificate numbers, a page at a time.
  const certs = new Pager();
  const loadCertificates = async (moveFocus) => {
    const query = new URLSearchParams({ status: "certified", pageSize: String(PAGE_SIZE) });
    if (certs.current) query.set("continuation", certs.current);
    const result = await api("GET", `/api/rounds/${encodeURIComponent(roundId)}/applications?${query}`);
    if (!result.ok) {
      problemNotice(certificates, result, "修了証を読み込めませんでした。");
      return;
    }
    const items = result.body.items ?? [];
    certs.received(result.body.continuation);
    render(certificates, items.length === 0 ? html`<p class="notice">交付した修了証はまだありません。</p>` : html`
      <div class="table-wrap">
      <table id="certificates-table" tabindex="-1">
        <caption>修了証（${certs.pageNumber}ページ目・${items.length}件）</caption>
        <thead><tr><th scope="col">氏名</th><th scope="col">修了証番号</th><th scope="col">出席した回</th><th scope="col">受付番号</th></tr></thead>
        <tbody>${items.map((a) => html`<tr>
          <th scope="row">${a.fullName}</th>
          <td>${a.certificateId ?? "交付手続中"}</td>
          <td>${(a.attendedSessions ?? []).map((n) => `第${n}回`).join("・")}</td>
          <td>${a.applicationId}</td>
        </tr>`)}</tbody>
      </table>
      </div>
      ${certs.markup("修了証")}`);
    certs.wire(certificates, loadCertificates);
    if (moveFocus) {
      certificates.querySelector("#certificates-table")?.focus();
      announce(`${certs.pageNumber}ページ目を表示しています（${items.length}件）。`);
    }
  };

  await Promise.all([loadAttendance(false), loadCertificates(false)]);
  showFinalize();
}
