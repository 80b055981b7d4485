// 職員のサインイン: locally the development issuer (POST /dev/token) stands in for Microsoft Entra ID.
// In Azure there is no /dev/token: the page says so and names Entra ID's sign-in instead.
import { api, command, signIn, signOut, claims, staffToken, html, labels, render, showProblem, clearProblem, announce, deadline } from "/assets/js/common.js";

// The staff roles and each one's home page; their names are the server's.
const roles = [
  { value: "ministry", home: "/ministry" },
  { value: "operator", home: "/operator" },
  { value: "reviewer", home: "/operator" },
  { value: "municipality", home: "/municipality" },
  { value: "auditor", home: "/auditor" },
].map((r) => ({ ...r, label: labels.role[r.value] ?? r.value }));

const roleOf = (value) => roles.find((r) => r.value === value);

export function start(app) {
  render(app, html`
    <div id="signed-in"></div>
    <form id="sign-in" class="card" novalidate>
      <h2>サインイン</h2>
      <p class="muted">入力欄の「必須」は、選んだ役割で入力が必要な項目です。</p>
      <div class="field">
        <label for="field-role">役割<span class="required">必須</span></label>
        <select id="field-role" name="role" required aria-required="true">
          <option value="">選択してください</option>
          ${roles.map((r) => html`<option value="${r.value}">${r.label}</option>`)}
        </select>
      </div>
      <div class="field" id="rounds-field">
        <label for="field-rounds">担当する公募ラウンドID<span class="required" data-for="operator reviewer" hidden>必須</span></label>
        <span class="hint" id="field-rounds-hint">受託事業者と選定委員は必須です。複数あるときは「,」（カンマ）で区切ります。例：R2026-1a2b3c4d</span>
        <input type="text" id="field-rounds" name="rounds" autocomplete="off" spellcheck="false" aria-describedby="field-rounds-hint">
      </div>
      <div class="field" id="municipality-field">
        <label for="field-municipality">団体コード<span class="required" data-for="municipality" hidden>必須</span></label>
        <span class="hint" id="field-municipality-hint">自治体は必須です。検査数字を含む6桁の全国地方公共団体コード（例：131016）。</span>
        <input type="text" id="field-municipality" name="municipality" inputmode="numeric" autocomplete="off" maxlength="6" aria-describedby="field-municipality-hint">
      </div>
      <div class="actions">
        <button type="submit">サインイン</button>
      </div>
    </form>
    <div id="entra" hidden></div>`);

  const form = app.querySelector("#sign-in");
  const role = form.querySelector("#field-role");
  const rounds = form.querySelector("#field-rounds");
  const municipality = form.querySelector("#field-municipality");

  const current = claims();
  if (current.role) role.value = current.role;
  if (Array.isArray(current.rounds)) rounds.value = current.rounds.join(", ");
  if (current.municipality) municipality.value = current.municipality;

  const markRequired = () => {
    form.querySelectorAll(".required[data-for]").forEach((mark) => {
      const needed = mark.dataset.for.split(" ").includes(role.value);
      mark.hidden = !needed;
      const input = mark.closest(".field").querySelector("input");
      if (needed) input.setAttribute("aria-required", "true"); else input.removeAttribute("aria-required");
    });
  };
  role.addEventListener("change", markRequired);
  markRequired();
  showSignedIn(app);

  const signingIn = command();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearProblem(form);
    const request = {
      role: role.value,
      rounds: rounds.value.split(/[,、，\s]+/).map((r) => r.trim()).filter(Boolean),
      municipality: municipality.value.trim() || null,
    };
    const errors = validate(request);
    if (Object.keys(errors).length > 0) {
      showProblem(form, { title: "入力内容を確認してください。", errors });
      return;
    }

    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    announce("サインインしています…");
    const answer = await api("POST", "/dev/token", {
      json: { role: request.role, rounds: request.rounds, municipality: request.role === "municipality" ? request.municipality : null },
      idempotencyKey: signingIn.id(),
    });
    button.disabled = false;
    if (answer.status === 404) {
      announce("");
      document.getElementById("status").hidden = true;
      showEntraNotice(app);
      return;
    }
    if (!answer.ok || !answer.body?.accessToken) {
      announce("サインインできませんでした。", "error");
      showProblem(form, fieldsOf(answer.problem ?? { title: "サインインできませんでした。" }));
      return;
    }

    signingIn.done();
    signIn(answer.body.accessToken, {
      role: request.role,
      rounds: request.rounds,
      municipality: request.role === "municipality" ? request.municipality : null,
      expiresAt: answer.body.expiresAt ?? null,
    });
    announce(`${roleOf(request.role).label}としてサインインしました。移動しています…`, "success");
    location.assign(roleOf(request.role).home);
  });
}

/** What the form can tell before asking the issuer, in the issuer's own terms. */
function validate(request) {
  const errors = {};
  if (!roleOf(request.role)) errors.role = ["役割を選択してください。"];
  if ((request.role === "operator" || request.role === "reviewer") && request.rounds.length === 0) {
    errors.rounds = ["受託事業者と選定委員は、担当する公募ラウンドIDを入力してください。"];
  } else if (request.rounds.some((r) => !/^[A-Za-z0-9-]{6,40}$/.test(r))) {
    errors.rounds = ["公募ラウンドIDの形式が正しくありません（例：R2026-1a2b3c4d）。"];
  }
  if (request.role === "municipality" && !/^\d{6}$/.test(request.municipality ?? "")) {
    errors.municipality = ["自治体は、6桁の団体コードを半角数字で入力してください（例：131016）。"];
  }
  return errors;
}

/** The issuer answers with one message; it goes next to the field it is about. */
function fieldsOf(problem) {
  if (problem.errors && Object.keys(problem.errors).length > 0) return problem;
  const text = `${problem.detail ?? ""}`;
  const field = /^role/.test(text) ? "role" : /municipality|団体コード/.test(text) ? "municipality" : /round|ラウンド/.test(text) ? "rounds" : null;
  if (!field || !text) return problem;
  return { title: problem.title ?? "サインインできませんでした。", errors: { [field]: [text] } };
}

function showSignedIn(app) {
  const box = app.querySelector("#signed-in");
  if (!staffToken()) {
    box.replaceChildren();
    return;
  }
  const c = claims();
  const role = roleOf(c.role);
  render(box, html`
    <div class="notice">
      <p>${role ? `${role.label}としてサインインしています。` : "サインインしています。"}
        ${c.municipality ? `（団体コード ${c.municipality}）` : ""}
        ${Array.isArray(c.rounds) && c.rounds.length ? `（公募ラウンド ${c.rounds.join("、")}）` : ""}</p>
      ${c.expiresAt ? html`<p>有効期限：${deadline(c.expiresAt)}</p>` : ""}
      <div class="actions">
        ${role ? html`<a class="button" href="${role.home}">${role.label}のページへ</a>` : ""}
        <button type="button" class="secondary" id="sign-out">サインアウト</button>
      </div>
    </div>`);
  box.querySelector("#sign-out").addEventListener("click", () => {
    signOut();
    showSignedIn(app);
    announce("サインアウトしました。", "success");
    app.querySelector("#field-role").focus();
  });
}

function showEntraNotice(app) {
  const box = app.querySelector("#entra");
  render(box, html`
    <div class="notice" role="alert">
      <h2>この環境では開発用のサインインは使えません</h2>
      <p>本番環境（Azure）では、職員の方は Microsoft Entra ID（組織のアカウント）でサインインします。
        組織から付与された役割（${roles.map((r) => r.label).join("・")}）でサインインしてください。
        アカウントや役割がない場合は、システムの管理者にお問い合わせください。</p>
    </div>`);
  box.hidden = false;
}
