// 受託事業者: the rounds of the signed-in staff's token, each with the actions that make sense in its state.
import { api, command, html, render, deadline, announce, requireSignIn, claims, showProblem, clearProblem } from "/assets/js/common.js";
import { problemNotice, stateLabel, waitForStateChange, waitingText, waitDeadline } from "/assets/js/operator-shared.js";

/** What the operator can do in each state: [path under the round, button label, hint]. */
const ACTIONS = {
  awaitingCommissionAcceptance: [["commission/accept", "委託を受諾する", "受諾すると公募を公開できるようになります。"]],
  commissionOverdue: [["commission/accept", "委託を受諾する", "受諾期限を過ぎています。総務省が延長または中止を決めるまでは受諾できます。"]],
  commissionAccepted: [["call/publish", "公募を公開する", "公募一覧に掲載し、公募開始日時から応募を受け付けます。"]],
  acceptingApplications: [["call/close", "応募の受付を今すぐ締め切る", "応募締切日時を待たずに締め切り、書類選考を始めます。元に戻せません。"]],
  panelReview: [["selection/finalize", "選定を確定する", "選定委員会の決定を確定し、全応募者に結果を通知します。元に戻せません。"]],
  training: [["training/finalize", "研修を終了し、修了証を交付する", "出席の記録をもとに修了者へ修了証を交付します。元に戻せません。"]],
};

const APPLICATIONS_FROM = ["acceptingApplications", "screening", "panelReview", "training", "publishing", "appointing", "completed"];
const TRAINING_FROM = ["training", "publishing", "appointing", "completed"];
// The panel can be named from the commission on, and its scores stay readable after the selection.
const PANEL_FROM = ["commissionAccepted", ...APPLICATIONS_FROM];

export async function start(app) {
  if (!requireSignIn(app)) return;
  await load(app);
}

async function load(app, focusId) {
  const result = await api("GET", "/api/rounds");
  if (!result.ok) {
    problemNotice(app, result, "担当する公募を読み込めませんでした。");
    return;
  }
  const rounds = result.body.items ?? [];
  const role = claims().role;
  const isOperator = role === "operator";
  render(app, rounds.length === 0
    ? html`<p class="notice">担当する公募ラウンドはありません。サインインに使った権限に公募ラウンドが含まれているか確認してください。</p>`
    : html`${rounds.map((r) => card(r, isOperator, role === "reviewer"))}`);

  app.querySelectorAll("form.round-action [data-cancel]").forEach((cancel) => cancel.addEventListener("click", () => {
    const form = cancel.closest("form");
    form.querySelector(".confirm").hidden = true;
    form.querySelector("button[value=ask]").hidden = false;
    form.querySelector("button[value=ask]").focus();
  }));

  app.querySelectorAll("form.round-action").forEach((form) => {
    const act = command();
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearProblem(form);
      // What cannot be undone is asked twice: the first press shows what will happen and waits for a second.
      if (form.dataset.irreversible === "true" && event.submitter?.value !== "confirm") {
        form.querySelector("button[value=ask]").hidden = true;
        const confirm = form.querySelector(".confirm");
        confirm.hidden = false;
        confirm.querySelector("button[value=confirm]").focus();
        return;
      }

      const { roundId, path, state } = form.dataset;
      const button = event.submitter ?? form.querySelector("button");
      button.disabled = true;
      announce("送信しています…");
      const answer = await api("POST", `/api/rounds/${encodeURIComponent(roundId)}/${path}`, { idempotencyKey: act.id() });
      if (!answer.ok) {
        button.disabled = false;
        showProblem(form, answer.problem);
        announce(answer.problem?.title ?? "操作できませんでした。", "error");
        return;
      }
      act.done();
      announce(`${answer.body.message ?? "受け付けました。"} 状態の更新を待っています…`);
      const moved = await waitForStateChange(roundId, state);
      await load(app, `round-${roundId}`);
      announce(moved
        ? `${answer.body.message ?? "受け付けました。"} 現在の段階：${stateLabel(moved.state)}`
        : `${answer.body.message ?? "受け付けました。"} 状態の反映に時間がかかっています。しばらくしてから再読み込みしてください。`, "success");
    });
  });

  if (focusId) document.getElementById(focusId)?.focus();
}

function card(r, isOperator, isReviewer) {
  const id = encodeURIComponent(r.roundId);
  const actions = isOperator ? ACTIONS[r.state] ?? [] : [];
  const c = r.counts ?? {};
  return html`<section class="card" aria-labelledby="round-${r.roundId}">
    <h2 id="round-${r.roundId}" tabindex="-1">${r.title}</h2>
    <dl class="summary">
      <dt>公募ラウンド番号</dt><dd>${r.roundId}（${r.fiscalYear}年度）</dd>
      <dt>段階</dt><dd><span class="badge">${r.stepName}</span> ${stateLabel(r.state)}</dd>
      <dt>待っている相手</dt><dd>${waitingText(r)}</dd>
      <dt>期限</dt><dd>${waitDeadline(r)}</dd>
      <dt>応募の受付</dt><dd>${deadline(r.schedule?.applicationOpensAt)} から ${deadline(r.schedule?.applicationClosesAt)} まで</dd>
      <dt>人数</dt><dd>応募 ${c.submitted ?? 0}人 ・ 書類選考通過 ${c.eligible ?? 0}人 ・ 選定 ${c.selected ?? 0}人 ・ 研修修了 ${c.certified ?? 0}人</dd>
    </dl>
    ${actions.map(([path, label, hint]) => {
      const irreversible = hint.includes("元に戻せません");
      const hintId = `hint-${r.roundId}-${path.replace("/", "-")}`;
      return html`<form class="round-action" novalidate data-round-id="${r.roundId}" data-path="${path}" data-state="${r.state}" data-irreversible="${irreversible}">
      <p class="hint" id="${hintId}">${hint}</p>
      <button type="submit" value="ask" aria-describedby="${hintId}">${label}</button>
      ${irreversible ? html`<div class="confirm notice" hidden>
        <p><strong>「${label}」を実行します。元に戻せません。よろしいですか？</strong></p>
        <div class="actions"><button type="submit" value="confirm">はい、実行する</button><button type="button" class="secondary" data-cancel>やめる</button></div>
      </div>` : ""}
    </form>`;
    })}
    <ul>
      ${isReviewer && APPLICATIONS_FROM.includes(r.state) && r.state !== "acceptingApplications" ? html`<li><a href="/reviewer/rounds/${id}">採点する応募（${r.title}）</a></li>` : ""}
      ${APPLICATIONS_FROM.includes(r.state) ? html`<li><a href="/operator/rounds/${id}/applications">応募の一覧と選定（${r.title}）</a></li>` : ""}
      ${isOperator && PANEL_FROM.includes(r.state) ? html`<li><a href="/operator/rounds/${id}/panel">選定委員会：委員の指名と採点の状況（${r.title}）</a></li>` : ""}
      ${TRAINING_FROM.includes(r.state) && isOperator ? html`<li><a href="/operator/rounds/${id}/training">研修の出席と修了証（${r.title}）</a></li>` : ""}
      ${isOperator ? html`<li><a href="/operator/rounds/${id}/mail">通知メールの送信状況（${r.title}）</a></li>` : ""}
    </ul>
  </section>`;
}
