// 総務省: the municipality registry, filtered by prefecture and shown a page at a time, its import (CSV or .xlsx) and export.
import { api, command, html, render, labels, announce, requireSignIn, showProblem, clearProblem, exportButtons, wireExports } from "/assets/js/common.js";
import { problemNotice } from "/assets/js/operator-shared.js";

const PAGE_SIZE = 50;

export async function start(app) {
  if (!requireSignIn(app)) return;
  render(app, html`
    <section aria-labelledby="import-title">
      <h2 id="import-title">ファイルで登録する</h2>
      <form id="import-form" novalidate>
        <div class="field">
          <label for="field-csv">団体の一覧（CSV または Excel ブック）<span class="required">必須</span></label>
          <span class="hint" id="field-csv-hint">総務省の「全国地方公共団体コード」の Excel ブック（.xlsx）をそのまま、または CSV（UTF-8 か Excel の「CSV（コンマ区切り）」）を選びます。1行目は見出しで「団体コード・団体名・都道府県名」（英語の「code,name,prefecture」も可）、通知先があれば「メールアドレス」の列を加えます。同じ団体コードの団体は上書きします。メールアドレスの列がないファイルは登録済みのアドレスを残し、列があって空欄の団体はアドレスなしになります。誤りが1つでもあると、1件も登録しません。</span>
          <input type="file" id="field-csv" name="csv" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby="field-csv-hint" required>
        </div>
        <div class="actions"><button type="submit">ファイルを取り込む</button></div>
      </form>
    </section>
    <section aria-labelledby="list-title">
      <h2 id="list-title">登録されている団体</h2>
      ${exportButtons("/api/municipalities/export", "団体の一覧", "同じ見出しのまま編集して取り込み直せます。")}
      <form id="filter-form" novalidate>
        <div class="field">
          <label for="prefecture">都道府県で絞り込む</label>
          <select id="prefecture" name="prefecture">
            <option value="">すべての都道府県</option>
            ${labels.prefectures.map((p) => html`<option value="${p}">${p}</option>`)}
          </select>
        </div>
        <div class="actions"><button type="submit" class="secondary">表示する</button></div>
      </form>
      <div id="list"></div>
    </section>`);

  const list = app.querySelector("#list");
  wireExports(app);
  let items = [];
  let page = 0;

  const show = (moveFocus) => {
    const pages = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
    const rows = items.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
    render(list, items.length === 0 ? html`<p class="notice">該当する団体はありません。</p>` : html`
      <div class="table-wrap">
      <table id="municipality-table" tabindex="-1">
        <caption>団体（全${items.length}件、${page + 1}／${pages}ページ）</caption>
        <thead><tr><th scope="col">団体コード</th><th scope="col">団体名</th><th scope="col">都道府県</th></tr></thead>
        <tbody>${rows.map((m) => html`<tr><td>${m.code}</td><th scope="row">${m.name}</th><td>${m.prefecture}</td></tr>`)}</tbody>
      </table>
      </div>
      ${pages > 1 ? html`<nav class="pagination" aria-label="団体一覧のページ">
        ${page > 0 ? html`<button type="button" class="secondary" data-pager="back">前のページ</button>` : ""}
        <span class="muted">${page + 1}／${pages}ページ</span>
        ${page + 1 < pages ? html`<button type="button" class="secondary" data-pager="forward">次のページ</button>` : ""}
      </nav>` : ""}`);
    list.querySelectorAll("[data-pager]").forEach((b) => b.addEventListener("click", () => {
      page += b.dataset.pager === "forward" ? 1 : -1;
      show(true);
    }));
    if (moveFocus) {
      list.querySelector("#municipality-table")?.focus();
      announce(`${page + 1}ページ目を表示しています。`);
    }
  };

  const load = async () => {
    const prefecture = app.querySelector("#prefecture").value;
    render(list, html`<p class="muted">読み込んでいます…</p>`);
    const result = await api("GET", `/api/municipalities${prefecture ? `?prefecture=${encodeURIComponent(prefecture)}` : ""}`);
    if (!result.ok) {
      problemNotice(list, result, "団体の一覧を読み込めませんでした。");
      return false;
    }
    items = result.body.items ?? [];
    page = 0;
    show(false);
    return true;
  };

  app.querySelector("#filter-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (await load()) announce(`${items.length}件の団体があります。`);
  });

  const importForm = app.querySelector("#import-form");
  const importing = command();
  importForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearProblem(importForm);
    const file = importForm.querySelector("#field-csv").files[0];
    if (!file) {
      showProblem(importForm, { title: "入力内容に誤りがあります。", errors: { csv: ["CSV または Excel ブック（.xlsx）のファイルを選択してください。"] } });
      return;
    }
    const button = importForm.querySelector("button[type=submit]");
    button.disabled = true;
    announce("取り込んでいます…");
    // The file's bytes as they are, typed by its name (browsers name a .csv differently on each system): the API
    // reads UTF-8 or Shift_JIS and names each bad row.
    const type = /\.xlsx$/i.test(file.name) ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv";
    const result = await api("POST", "/api/municipalities/import", {
      body: await file.arrayBuffer(), headers: { "Content-Type": type }, idempotencyKey: importing.id(),
    });
    button.disabled = false;
    if (!result.ok) {
      // Errors name rows ("rows[3].code"); their messages say the line. All of them belong to the file field.
      const messages = Object.values(result.problem?.errors ?? {}).flat();
      showProblem(importForm, { ...result.problem, errors: messages.length ? { csv: messages } : undefined });
      announce(result.problem?.title ?? "取り込めませんでした。", "error");
      return;
    }
    importing.done();
    announce(result.body.message ?? "登録しました。", "success");
    await load();
  });

  await load();
}
