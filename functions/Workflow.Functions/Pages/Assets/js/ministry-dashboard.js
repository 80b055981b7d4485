// 総務省: every round, its step, what and whom it waits for, and until when.
import { api, html, render, dateTime, announce, requireSignIn, showProblem, clearProblem, exportButtons, wireExports, labels } from "/assets/js/common.js";
import { problemNotice, stateLabel, waitingText, waitDeadline } from "/assets/js/operator-shared.js";
import { limitSetting } from "/assets/js/ministry-settings.js";
import { erasureApprovals } from "/assets/js/ministry-erasures.js";

const PAGE_SIZE = 20;
const PERSONAL_DATA_NOTE = "応募一覧の書き出しは、個人情報の閲覧として業務ログに記録されました。";

export async function start(app) {
  if (!requireSignIn(app)) return;
  render(app, html`<p class="muted">読み込んでいます…</p>`);
  const result = await api("GET", "/api/rounds");
  if (!result.ok) {
    problemNotice(app, result, "公募ラウンドを読み込めませんでした。");
    return;
  }
  const rounds = [...(result.body.items ?? [])].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));

  // Opened for one round (?round=, as the list of waits links here): its page, with focus on its row and its actions.
  const wanted = new URLSearchParams(location.search).get("round");
  const wantedAt = wanted ? rounds.findIndex((r) => r.roundId === wanted) : -1;
  let page = wantedAt >= 0 ? Math.floor(wantedAt / PAGE_SIZE) : 0;

  const show = (moveFocus) => {
    const items = rounds.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
    const pages = Math.max(1, Math.ceil(rounds.length / PAGE_SIZE));
    render(app, html`
      <p class="actions"><a class="button" href="/ministry/rounds/new">公募ラウンドを作成する</a>
        <a class="button secondary" href="/ministry/waits">対応待ちの一覧（期限超過を先頭に）</a></p>
      ${rounds.length === 0 ? html`<p class="notice">公募ラウンドはまだありません。</p>` : html`
      <div class="table-wrap">
      <table id="rounds-table" tabindex="-1">
        <caption>公募ラウンド（全${rounds.length}件${pages > 1 ? html`、${page + 1}／${pages}ページ` : ""}）</caption>
        <thead><tr>
          <th scope="col">公募ラウンド</th>
          <th scope="col">段階</th>
          <th scope="col">待っている相手</th>
          <th scope="col">期限</th>
          <th scope="col">人数</th>
          <th scope="col">総務省の操作</th>
        </tr></thead>
        <tbody>${items.map(row)}</tbody>
      </table>
      </div>
      ${pages > 1 ? html`<nav class="pagination" aria-label="公募ラウンドのページ">
        ${page > 0 ? html`<button type="button" class="secondary" data-pager="back">前のページ</button>` : ""}
        <span class="muted">${page + 1}／${pages}ページ</span>
        ${page + 1 < pages ? html`<button type="button" class="secondary" data-pager="forward">次のページ</button>` : ""}
      </nav>` : ""}`}
      <section id="limit-setting" aria-labelledby="limit-title"></section>
      <section id="erasure-approvals" aria-labelledby="erasures-title" hidden></section>
    `);
    limitSetting(app.querySelector("#limit-setting"));
    erasureApprovals(app.querySelector("#erasure-approvals"));
    app.querySelectorAll("[data-pager]").forEach((b) => b.addEventListener("click", () => {
      page += b.dataset.pager === "forward" ? 1 : -1;
      show(true);
    }));
    app.querySelectorAll("form.ministry-action").forEach((form) => wireAction(app, form));
    wireExports(app);
    if (moveFocus) {
      app.querySelector("#rounds-table")?.focus();
      announce(`${page + 1}ページ目を表示しています。`);
    }
  };
  show(false);
  if (wantedAt >= 0) {
    app.querySelector(`tr[data-round-id="${CSS.escape(wanted)}"] th`)?.focus();
  } else if (wanted) {
    announce("指定された公募ラウンドは見つかりませんでした。", "error");
  }
}

/**
 * The ministry's actions on one round. What cannot be undone asks once more; each form keeps one command id
 * (Idempotency-Key) until it succeeds, so a retry after a lost answer is the same command, not a second one.
 */
function wireAction(app, form) {
  form.querySelector("[data-cancel]")?.addEventListener("click", () => {
    form.querySelector(".confirm").hidden = true;
    form.querySelector("button[value=ask]").hidden = false;
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearProblem(form);
    if (form.dataset.irreversible === "true" && event.submitter?.value !== "confirm") {
      form.querySelector("button[value=ask]").hidden = true;
      form.querySelector(".confirm").hidden = false;
      form.querySelector("button[value=confirm]").focus();
      return;
    }
    form.dataset.commandId ||= crypto.randomUUID();
    const input = form.querySelector("input[name=acceptCommissionBy]");
    const json = input ? { acceptCommissionBy: input.value ? new Date(input.value).toISOString() : null } : undefined;
    const answer = await api("POST", `/api/rounds/${encodeURIComponent(form.dataset.roundId)}/${form.dataset.path}`, { json, idempotencyKey: form.dataset.commandId });
    if (!answer.ok) {
      showProblem(form, answer.problem);
      announce(answer.problem?.title ?? "操作できませんでした。", "error");
      return;
    }
    delete form.dataset.commandId;
    announce(answer.body.message ?? "受け付けました。", "success");
    await start(app);
  });
}

/** [path, button label, irreversible, hint] of what the ministry may do in each state. */
function ministryActions(r) {
  const actions = [];
  if (r.stall) actions.push(["resume", "停止した処理を再実行する", false, "再実行の前に、原因（ストレージの障害など）が解消していることを確認してください。"]);
  if (r.state === "commissionOverdue") {
    actions.push(["commission/extend", "受諾期限を延長する", false, "新しい受諾期限は応募受付の開始より前にしてください（延長は10回まで）。"]);
    actions.push(["cancel", "公募ラウンドを中止する", true, "中止すると再開できません。"]);
  }
  if (r.state === "appointing") actions.push(["close", "公募ラウンドを終了する", true, "任用の申込みの受付を終え、ラウンドを完了します。元に戻せません。"]);
  return actions;
}

function actionForm(r, [path, label, irreversible, hint]) {
  const id = `${r.roundId}-${path.replace("/", "-")}`;
  return html`<form class="ministry-action" novalidate data-round-id="${r.roundId}" data-path="${path}" data-irreversible="${irreversible}">
    <p class="hint" id="hint-${id}">${hint}</p>
    ${path === "commission/extend" ? html`<div class="field"><label for="field-${id}">新しい受諾期限</label>
      <input type="datetime-local" id="field-${id}" name="acceptCommissionBy" required aria-describedby="hint-${id}"></div>` : ""}
    <button type="submit" value="ask" class="${irreversible ? "secondary" : ""}" aria-describedby="hint-${id}">${label}</button>
    ${irreversible ? html`<div class="confirm notice" hidden>
      <p><strong>「${label}」を実行します。元に戻せません。よろしいですか？</strong></p>
      <div class="actions"><button type="submit" value="confirm">はい、実行する</button><button type="button" class="secondary" data-cancel>やめる</button></div>
    </div>` : ""}
  </form>`;
}

function row(r) {
  const c = r.counts ?? {};
  return html`<tr data-round-id="${r.roundId}">
    <th scope="row" tabindex="-1">
      <span>${r.title}</span><br>
      <span class="muted">${r.fiscalYear}年度 ・ 委託先：${r.operatorName}</span><br>
      <span class="muted">番号：${r.roundId} ・ 作成：${dateTime(r.createdAt)}</span>
    </th>
    <td><span class="badge">${r.stepName}</span><br>${stateLabel(r.state)}
      ${r.stall ? html`<p class="notice" role="status"><strong>処理が停止しています</strong><br>${dateTime(r.stall.since)} から（${r.stall.activity}）</p>` : ""}</td>
    <td>${waitingText(r)}</td>
    <td>${waitDeadline(r)}</td>
    <td><ul class="counts">
      ${Object.entries(labels.funnel).map(([stage, name]) => html`<li>${name} ${c[stage] ?? 0}人</li>`)}
    </ul><a href="/operator/rounds/${encodeURIComponent(r.roundId)}/mail">通知メールの送信状況</a>
      <details class="exports"><summary>一覧を書き出す</summary>
        ${exportButtons(`/api/rounds/${encodeURIComponent(r.roundId)}/applications/export`, "応募一覧", PERSONAL_DATA_NOTE)}
        ${exportButtons(`/api/rounds/${encodeURIComponent(r.roundId)}/roster/export`, "人材リスト")}
        ${exportButtons(`/api/rounds/${encodeURIComponent(r.roundId)}/appointments/export`, "任用の一覧")}
      </details></td>
    <td>${ministryActions(r).map((a) => actionForm(r, a))}</td>
  </tr>`;
}
