// Shared by the ministry's and the operator's pages: route values, the round, the skill standard, paging and
// the small pieces of markup several pages show (screening results, problems as notices).
import { api, html, render, labels, announce } from "/assets/js/common.js";

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
