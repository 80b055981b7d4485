// 職員のサインイン (ADR 0023): MSAL.js, bundled into the app at build time, sends the browser to the authority the
// server names — Microsoft Entra ID in Azure, the local host's development provider locally — and brings back an
// access token by the authorization code with PKCE. The token and the role, rounds and 団体コード it carries are
// kept in sessionStorage for the staff pages, which call the API with it.
import { signIn, signOut, claims, staffToken, html, labels, render, announce, deadline } from "/assets/js/common.js";

// The staff roles and each one's home page; their names are the server's.
const roles = [
  { value: "ministry", home: "/ministry" },
  { value: "operator", home: "/operator" },
  { value: "reviewer", home: "/operator" },
  { value: "municipality", home: "/municipality" },
  { value: "auditor", home: "/auditor" },
].map((r) => ({ ...r, label: labels.role[r.value] ?? r.value }));

const roleOf = (value) => roles.find((r) => r.value === value);

function readSettings() {
  try {
    return JSON.parse(document.getElementById("sign-in-settings")?.textContent ?? "null");
  } catch {
    return null;
  }
}

/** The payload of the access token the API will check; read here only to know where to go next. */
function payloadOf(token) {
  try {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), "=")), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return {};
  }
}

const asList = (value) => (Array.isArray(value) ? value : value ? [value] : []);

export async function start(app) {
  render(app, html`
    <div id="signed-in"></div>
    <div id="sign-in" class="card">
      <h2>サインイン</h2>
      <p>組織のアカウントのサインイン画面に移動します。サインイン後、付与された役割（${roles.map((r) => r.label).join("・")}）のページに戻ります。</p>
      <div class="actions">
        <button type="button" id="sign-in-button" disabled>サインイン</button>
      </div>
    </div>
    <div id="sign-in-problem" hidden></div>`);
  showSignedIn(app);

  const settings = readSettings();
  if (!settings || !window.msal) {
    showProblemNotice(app, "この環境ではサインインが設定されていません", "システムの管理者にお問い合わせください。");
    return;
  }

  const client = new window.msal.PublicClientApplication({
    auth: {
      clientId: settings.clientId,
      authority: settings.authority,
      knownAuthorities: settings.knownAuthorities,
      redirectUri: `${location.origin}/staff`,
      postLogoutRedirectUri: `${location.origin}/staff`,
    },
    cache: { cacheLocation: "sessionStorage" },
    system: { protocolMode: settings.protocolMode },
  });

  let result;
  try {
    await client.initialize();
    result = await client.handleRedirectPromise();
  } catch (error) {
    announce("サインインできませんでした。", "error");
    showProblemNotice(app, "サインインできませんでした", `もう一度お試しください。続く場合はシステムの管理者にお問い合わせください。（${error?.errorCode ?? error?.name ?? "error"}）`);
    enable(app, client, settings);
    return;
  }

  if (result?.accessToken) {
    const payload = payloadOf(result.accessToken);
    const role = roles.find((r) => asList(payload.roles).includes(r.value));
    if (!role) {
      announce("このアカウントには職員の役割がありません。", "error");
      showProblemNotice(app, "職員の役割がありません", "このアカウントには、このシステムの役割が付与されていません。システムの管理者に役割の付与を依頼してください。");
      enable(app, client, settings);
      return;
    }
    signIn(result.accessToken, {
      role: role.value,
      rounds: asList(payload.rounds),
      municipality: payload.municipality ?? null,
      expiresAt: payload.exp ? new Date(payload.exp * 1000).toISOString() : null,
    });
    announce(`${role.label}としてサインインしました。移動しています…`, "success");
    location.assign(role.home);
    return;
  }

  enable(app, client, settings);
}

function enable(app, client, settings) {
  const button = app.querySelector("#sign-in-button");
  button.disabled = false;
  button.addEventListener("click", async () => {
    button.disabled = true;
    announce("サインイン画面に移動しています…");
    try {
      await client.loginRedirect({ scopes: settings.scopes, prompt: "select_account" });
    } catch (error) {
      button.disabled = false;
      announce("サインイン画面に移動できませんでした。", "error");
      // Locally the development provider's certificate is self-signed: the browser refuses its metadata until a
      // person has accepted the certificate once on the provider's own address.
      const local = settings.protocolMode === "OIDC"
        ? html`<p>開発環境では、認証サーバーの自己署名証明書をブラウザで一度受け入れる必要があります。<a href="${settings.authority}.well-known/openid-configuration">認証サーバー（${settings.authority}）</a>を開いて警告を確認し、このページに戻ってもう一度サインインしてください。</p>`
        : "";
      showProblemNotice(app, "サインイン画面に移動できませんでした", `しばらくしてからもう一度お試しください。（${error?.errorCode ?? error?.name ?? "error"}）`, local);
    }
  });
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
    app.querySelector("#sign-in-button").focus();
  });
}

function showProblemNotice(app, title, text, more = "") {
  const box = app.querySelector("#sign-in-problem");
  render(box, html`
    <div class="notice" role="alert">
      <h2>${title}</h2>
      <p>${text}</p>
      ${more}
    </div>`);
  box.hidden = false;
}
