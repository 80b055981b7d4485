// Shared by the ministry's and the operator's pages: route values, the round, the skill standard, paging and
// the small pieces of markup several pages show (screening results, problems as notices).
import { api, html, render, labels, announce, deadline } from "/assets/js/common.js";

/** Route values of /operator/rounds/{roundId}/applications/{applicationId} (each may be absent). */
export function routeParams() {
  const parts = location.pathname.split("/").filter(Boolean).map((p) => decodeURIComponent(p));
  const at = (name) => {
    const i = parts.indexOf(name);
    return i >= 0 && i + 1 < parts.length ? parts[i + 1] : null;
  };
  return { roundId: at("rounds"), applicationId: at("applications") };
}

export async function loadRound(roundId) {
  return api("GET", `/api/rounds/${encodeURIComponent(roundId)}`);
}

let skillStandard = null;

/**
 * The skill standard and the curriculum (public, read once per page): the version the round pinned when a round id
 * is given, else the current one (a new round pins that).
 */
export async function loadSkillStandard(roundId) {
  if (skillStandard) return skillStandard;
  const result = await api("GET", roundId ? `/api/skill-standard?roundId=${encodeURIComponent(roundId)}` : "/api/skill-standard");
  skillStandard = result.ok ? result.body : { personas: [], qualifications: [], experienceKinds: [], curriculum: [] };
  return skillStandard;
}

/** Whom a round waits for, and who else may act on that wait: 総務省（ほかに操作できる相手：受託事業者）. */
export function waitingText(r) {
  if (!r.waitingFor) return html`<span class="muted">確認中</span>`;
  const also = (r.alsoWaitingFor ?? []).map((role) => labels.waiting[role] ?? role);
  return html`${labels.waiting[r.waitingFor] ?? r.waitingFor}${also.length ? html`<br><span class="muted">ほかに操作できる相手：${also.join("、")}</span>` : ""}`;
}

/** The wait's deadline; a missed one stays shown, marked as passed. */
export function waitDeadline(r) {
  if (!r.waitingUntil) return html`<span class="muted">なし</span>`;
  return html`<span class="deadline">${deadline(r.waitingUntil)}</span>${r.overdue ? html`<br><span class="flag">期限超過</span>` : ""}`;
}

/** A problem answer as a notice in place of a page's content (sign-in expired, round not reachable …). */
export function problemNotice(container, result, lead = "") {
  const problem = result.problem ?? {};
  const signIn = result.status === 401 || result.status === 403;
  render(container, html`<div class="notice" role="alert">
    ${lead ? html`<p>${lead}</p>` : ""}
    <p><strong>${problem.title ?? "エラーが発生しました。"}</strong></p>
    ${problem.detail ? html`<p>${problem.detail}</p>` : ""}
    ${signIn ? html`<p><a href="/staff">職員のサインイン</a>からサインインし直してください。</p>` : ""}
  </div>`);
}

/** Japanese names of personas, joined. */
export function personaNames(personas) {
  return (personas ?? []).map((p) => labels.persona[p] ?? p).join("、");
}

export function stateLabel(state) {
  return labels.state[state] ?? state ?? "";
}

export function statusLabel(status) {
  return labels.status[status] ?? status ?? "";
}

export function decisionLabel(decision) {
  return labels.decision[decision ?? "none"] ?? decision;
}

const verdict = (eligible) => (eligible ? labels.screening.eligible : labels.screening.ineligible);

/** The screening verdict per persona with its reasons (the first reason is the verdict sentence). */
export function screeningMarkup(screening, eligible) {
  if (!screening) {
    return eligible === undefined || eligible === null ? html`<span class="muted">${labels.screening.notScreened}</span>` : html`${verdict(eligible)}`;
  }
  return html`<p><strong>${verdict(screening.eligible)}</strong></p>
    ${(screening.perPersona ?? []).map((r) => html`<details><summary>${labels.persona[r.persona] ?? r.persona}：${r.eligible ? labels.screening.met : labels.screening.notMet}</summary>
      <ul>${(r.reasons ?? []).map((reason) => html`<li>${reason}</li>`)}</ul></details>`)}`;
}

/**
 * Paging over the API's continuation tokens: "次のページ" asks for the next page with the token of the current
 * answer; "前のページ" goes back through the tokens already seen. Nothing loads more than one page.
 */
export class Pager {
  constructor() {
    this.reset();
  }

  reset() {
    this.tokens = [null];
    this.index = 0;
    this.next = null;
  }

  get current() {
    return this.tokens[this.index];
  }

  get pageNumber() {
    return this.index + 1;
  }

  received(continuation) {
    this.next = continuation ?? null;
  }

  forward() {
    if (!this.next) return false;
    this.tokens = this.tokens.slice(0, this.index + 1);
    this.tokens.push(this.next);
    this.index += 1;
    return true;
  }

  back() {
    if (this.index === 0) return false;
    this.index -= 1;
    return true;
  }

  markup(label) {
    if (this.index === 0 && !this.next) return html``;
    return html`<nav class="pagination" aria-label="${label}のページ">
      ${this.index > 0 ? html`<button type="button" class="secondary" data-pager="back">前のページ</button>` : ""}
      <span class="muted">${this.pageNumber}ページ目</span>
      ${this.next ? html`<button type="button" class="secondary" data-pager="forward">次のページ</button>` : ""}
    </nav>`;
  }

  /** Wires the buttons of markup() inside container to reload(). */
  wire(container, reload) {
    container.querySelectorAll("[data-pager]").forEach((button) => button.addEventListener("click", async () => {
      const moved = button.dataset.pager === "forward" ? this.forward() : this.back();
      if (moved) await reload(true);
    }));
  }
}

/**
 * After an action the round's orchestration moves on its own time: ask again a few times until the state has
 * changed (or give up quietly; the page shows what it knows).
 */
export async function waitForStateChange(roundId, fromState, attempts = 12) {
  for (let i = 0; i < attempts; i++) {
    await new Promise((resolve) => setTimeout(resolve, 700));
    const result = await loadRound(roundId);
    if (result.ok && result.body.state !== fromState) return result.body;
  }
  return null;
}

/** Puts the problem's title in the status region too, so a screen reader hears it wherever focus is. */
export function announceProblem(result) {
  announce(result.problem?.title ?? "エラーが発生しました。", "error");
}

/** The panel's recorded decisions, one per persona, as one line of text. */
export function decisionsText(decisions) {
  return (decisions ?? []).length
    ? decisions.map((d) => `${personaNames([d.persona])}：${decisionLabel(d.decision)}${d.reason ? `（理由：${d.reason}）` : ""}`).join("／")
    : decisionLabel(null);
}

/** A mean on the 1..4 scale as the pages print it (two decimals at most), or a dash before anyone scored. */
export function formatMean(mean) {
  return mean === null || mean === undefined ? "—" : Number(mean).toFixed(2);
}

/** "採点 2人／定足数 3人" and whether the quorum is met, as one phrase. */
export function quorumText(result) {
  if (!result) return "";
  return `採点 ${result.scored}人／定足数 ${result.quorum}人（${result.quorumMet ? "定足数に達しています" : "定足数に達していません"}）`;
}

/** The flag the panel discusses before the operator decides: wide spreads between the members' levels. */
export function disagreementMarkup(result) {
  return result?.disagreement
    ? html`<strong class="flag">要協議</strong> <span class="muted">委員の評価に大きな開きがあります。決定の前に委員会で協議してください。</span>`
    : html`<span class="muted">なし</span>`;
}

/**
 * One persona's scores side by side: a row per skill item, a column per member who scored (the caller's own first
 * when it has one), each member's mean and the panel's result. `p` is one entry of GET …/scores' personas.
 */
export function panelScoresMarkup(p, { yoursLabel = "あなた" } = {}) {
  const result = p.result;
  const scorings = [...(p.yours ? [{ ...p.yours, own: true }] : []), ...(p.others ?? [])];
  const name = labels.persona[p.persona] ?? p.personaName;
  if (!result) {
    return html`<p class="muted">${name}の他の委員の採点と委員会の結果は、ご自身の採点を記録した後に表示します。</p>`;
  }
  const who = (s) => (s.own ? `${yoursLabel}（${s.name}）` : s.name);
  const cell = (s, code) => {
    const item = (s.items ?? []).find((i) => i.code === code);
    if (!item) return html`<td>—</td>`;
    return html`<td>${item.level}${item.reason ? html`<br><span class="muted">${item.reason}</span>` : ""}</td>`;
  };
  return html`
    <dl class="summary panel-result">
      <dt>委員会の平均</dt><dd><strong>${formatMean(result.mean)}</strong>（1〜4）</dd>
      <dt>定足数</dt><dd>${quorumText(result)}</dd>
      <dt>委員の評価の開き</dt><dd>${formatMean(result.spread)}</dd>
      <dt>協議</dt><dd>${disagreementMarkup(result)}</dd>
    </dl>
    ${scorings.length ? html`<div class="table-wrap"><table class="scores">
      <caption>${name}の採点（委員ごとのレベル、1〜4）</caption>
      <thead><tr><th scope="col">スキル項目</th>${scorings.map((s) => html`<th scope="col">${who(s)}</th>`)}<th scope="col">平均</th></tr></thead>
      <tbody>${(p.items ?? []).map((i) => html`<tr><th scope="row">${i.name}</th>${scorings.map((s) => cell(s, i.code))}<td>${formatMean(result.itemMeans?.[i.code])}</td></tr>`)}</tbody>
      <tfoot><tr><th scope="row">委員の平均</th>${scorings.map((s) => html`<td><strong>${formatMean(s.mean)}</strong></td>`)}<td><strong>${formatMean(result.mean)}</strong></td></tr></tfoot>
    </table></div>` : html`<p class="muted">まだ誰も採点していません。</p>`}
    ${scorings.some((s) => s.comment) ? html`<h4>委員の所見</h4><ul>${scorings.filter((s) => s.comment).map((s) => html`<li><strong>${who(s)}</strong>：${s.comment}</li>`)}</ul>` : ""}`;
}
