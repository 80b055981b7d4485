// Shared by the staff pages: sign-in token, calls to the API, problem+json shown next to fields, safe rendering.
// Every page's data comes from the same /api routes the API's other clients use.

const TOKEN_KEY = "workflow.staff.token";

/** The staff token from the sign-in page (sessionStorage: gone when the tab closes). */
export function staffToken() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function signIn(token, claims) {
  sessionStorage.setItem(TOKEN_KEY, token);
  sessionStorage.setItem(TOKEN_KEY + ".claims", JSON.stringify(claims ?? {}));
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(TOKEN_KEY + ".claims");
}

/** What the sign-in page recorded: { role, rounds, municipality }. */
export function claims() {
  try {
    return JSON.parse(sessionStorage.getItem(TOKEN_KEY + ".claims") ?? "{}");
  } catch {
    return {};
  }
}

/** A new command id (a UUID): what one user action sends as its Idempotency-Key. */
export function newCommandId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The command id of one form or button. It is kept until the action succeeds: a retry after an error or an answer
 * that never came is the same command, so the server does it once; if the content changed meanwhile, the server
 * refuses the key instead of doing a second thing. After success the next press is a new command.
 */
export function command() {
  let current = null;
  return {
    id() {
      current ??= newCommandId();
      return current;
    },
    done() {
      current = null;
    },
  };
}

/**
 * An answer from the API: ok, status, body (parsed JSON or text), problem (when application/problem+json). Every
 * change (POST, PUT, DELETE) carries an Idempotency-Key: the caller's command id, or a new one when it has none.
 */
export async function api(method, path, { json, body, headers, idempotencyKey } = {}) {
  const init = { method, headers: { Accept: "application/json", ...(headers ?? {}) } };
  const token = staffToken();
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (!["GET", "HEAD"].includes(method.toUpperCase())) init.headers["Idempotency-Key"] = idempotencyKey ?? newCommandId();
  if (json !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(json);
  } else if (body !== undefined) {
    init.body = body;
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    return { ok: false, status: 0, body: null, problem: { title: "サーバーに接続できません。時間をおいてもう一度お試しください。" } };
  }
  const type = response.headers.get("Content-Type") ?? "";
  const text = await response.text();
  let parsed = text;
  if (type.includes("json") && text.length > 0) {
    try { parsed = JSON.parse(text); } catch { parsed = text; }
  }
  const problem = type.startsWith("application/problem+json") ? parsed : (!response.ok ? { title: `エラーが発生しました（${response.status}）。` } : null);
  return { ok: response.ok, status: response.status, body: parsed, problem };
}

/** Text to HTML: every value from the API goes through here before it is placed in markup. */
export function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

/** Tagged template that escapes every interpolated value unless it is already marked safe with html``. */
export function html(strings, ...values) {
  const out = strings.reduce((acc, s, i) => {
    const v = values[i - 1];
    const rendered = Array.isArray(v) ? v.map((x) => (x && x.__html !== undefined ? x.__html : esc(x))).join("")
      : v && v.__html !== undefined ? v.__html : esc(v);
    return acc + rendered + s;
  });
  return { __html: out };
}

export function render(element, markup) {
  element.innerHTML = markup.__html;
}

const jst = { timeZone: "Asia/Tokyo" };

/** 2026年3月31日(火) 17:00 */
export function dateTime(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  const parts = new Intl.DateTimeFormat("ja-JP", { ...jst, year: "numeric", month: "long", day: "numeric", weekday: "short", hour: "2-digit", minute: "2-digit" }).format(d);
  return parts;
}

/** A deadline with the era year beside the Western one: 令和8年（2026年）3月31日(火) 17:00 */
export function deadline(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  const era = new Intl.DateTimeFormat("ja-JP-u-ca-japanese", { ...jst, era: "long", year: "numeric" }).format(d);
  const rest = new Intl.DateTimeFormat("ja-JP", { ...jst, month: "long", day: "numeric", weekday: "short", hour: "2-digit", minute: "2-digit" }).format(d);
  const year = new Intl.DateTimeFormat("ja-JP", { ...jst, year: "numeric" }).format(d);
  return `${era}（${year}）${rest}`;
}

/** The id of the input an API field name refers to, as the server-rendered pages name them. */
export function fieldId(field) {
  return "field-" + field.replace(/[^A-Za-z0-9]/g, "-").replace(/-+/g, "-").replace(/^-|-$/g, "");
}

/**
 * Shows a problem: a summary at the top of the form, linked to each field, and each message under its field.
 * Nothing the user typed is touched.
 */
export function showProblem(form, problem) {
  clearProblem(form);
  const summary = document.createElement("div");
  summary.className = "error-summary";
  summary.setAttribute("role", "alert");
  summary.tabIndex = -1;
  const errors = Object.entries(problem?.errors ?? {});
  const items = errors.flatMap(([field, messages]) => messages.map((m) => html`<li><a href="#${fieldId(field)}">${m}</a></li>`));
  render(summary, html`<h2>${problem?.title ?? "エラーが発生しました。"}</h2>${problem?.detail ? html`<p>${problem.detail}</p>` : ""}${items.length ? html`<ul>${items}</ul>` : ""}`);
  form.prepend(summary);
  for (const [field, messages] of errors) {
    const input = document.getElementById(fieldId(field));
    if (!input) continue;
    const wrapper = input.closest(".field") ?? input.parentElement;
    wrapper.classList.add("has-error");
    const message = document.createElement("span");
    message.className = "error-message";
    message.id = `${fieldId(field)}-error`;
    message.textContent = messages.map((m) => `エラー：${m}`).join(" ");
    input.before(message);
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), message.id].filter(Boolean).join(" "));
  }
  summary.focus();
}

export function clearProblem(form) {
  form.querySelectorAll(".error-summary, .error-message").forEach((e) => e.remove());
  form.querySelectorAll(".has-error").forEach((e) => e.classList.remove("has-error"));
  form.querySelectorAll("[aria-invalid]").forEach((e) => {
    e.removeAttribute("aria-invalid");
    const described = (e.getAttribute("aria-describedby") ?? "").split(" ").filter((id) => !id.endsWith("-error")).join(" ");
    if (described) e.setAttribute("aria-describedby", described); else e.removeAttribute("aria-describedby");
  });
}

/** A short status message read out by screen readers (the page has one element with id "status"). */
export function announce(text, kind = "") {
  const status = document.getElementById("status");
  if (!status) return;
  status.className = `notice ${kind}`.trim();
  status.hidden = false;
  status.textContent = text;
}

/**
 * A file the API makes (a workbook, a CSV, a PDF), fetched with the staff token, which a plain link cannot send, and
 * handed to the browser to save under the name the server gave it (RFC 6266 filename*, Japanese as written). Returns
 * that name, or null after saying what went wrong.
 */
export async function download(path, { accept = "*/*", fallbackName = "download" } = {}) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: accept, Authorization: `Bearer ${staffToken()}` } });
  } catch {
    announce("サーバーに接続できません。時間をおいてもう一度お試しください。", "error");
    return null;
  }
  if (!response.ok) {
    let title = `ファイルを取得できませんでした（${response.status}）。`;
    try { title = (await response.json()).title ?? title; } catch { /* not JSON */ }
    announce(title, "error");
    return null;
  }
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="([^"]+)"/i.exec(disposition);
  const name = encoded ? decodeURIComponent(encoded[1]) : plain ? plain[1] : fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  return name;
}

/**
 * Buttons that export a list as a workbook or as CSV; <code>wireExports</code> makes them work. <code>note</code> is
 * said after a file is saved (for instance, that the export was logged as a read of personal data).
 */
export function exportButtons(path, what, note = "") {
  return html`<p class="actions exports" data-export="${path}" data-note="${note}">
    <button type="button" class="secondary" data-format="xlsx">${what}をExcel（.xlsx）で書き出す</button>
    <button type="button" class="secondary" data-format="csv">${what}をCSVで書き出す</button></p>`;
}

/** Every export button in the container. */
export function wireExports(container) {
  container.querySelectorAll("[data-export] button[data-format]").forEach((button) => button.addEventListener("click", async () => {
    const exports = button.closest("[data-export]");
    button.disabled = true;
    announce("書き出しています…");
    const name = await download(`${exports.dataset.export}?format=${button.dataset.format}`);
    button.disabled = false;
    if (name) announce(`${name} を書き出しました。${exports.dataset.note}`, "success");
  }));
}

/** Staff pages need a sign-in; without one they say so and link to it. */
export function requireSignIn(container) {
  if (staffToken()) return true;
  render(container, html`<div class="notice"><p>このページを使うにはサインインが必要です。</p><p><a href="/staff">職員のサインイン</a></p></div>`);
  return false;
}

/** A page for some roles only: signed in as another, the page says whom it is for and how to sign in as them. */
export function requireRole(container, roles, whom, signInAs) {
  if (!requireSignIn(container)) return false;
  if (roles.includes(claims().role)) return true;
  render(container, html`<div class="notice"><p>このページは${whom}が使います。${signInAs}としてサインインしてください。</p><p><a href="/staff">職員のサインイン</a></p></div>`);
  return false;
}

/** The auditor's pages: auditors, and the ministry, which may read everything an auditor does. */
export function requireAuditor(container) {
  return requireRole(container, ["auditor", "ministry"], "監査の担当者（または総務省）", "監査");
}

/**
 * Names of the API's enum values (state, status, persona, prefectures, waiting, appointmentStatus, action …), keyed
 * as the API writes them. The server builds them from its one definition of each and puts them in the page, so no
 * script keeps a copy that could drift.
 */
export const labels = JSON.parse(document.getElementById("labels")?.textContent ?? "{}");
