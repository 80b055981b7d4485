// 受託事業者: the round's 選定委員会 — who sits on it (named here), every eligible application and persona with the
// members' means side by side, the quorum, the flags to discuss and the decision recorded, and the distribution of
// the round's means per persona as a chart drawn here (SVG, no library) with a table beside it for screen readers.
import { api, command, html, render, announce, requireSignIn, claims, showProblem, clearProblem } from "/assets/js/common.js";
import { routeParams, loadRound, problemNotice, personaNames, stateLabel, decisionLabel, formatMean } from "/assets/js/operator-shared.js";

export async function start(app) {
  if (!requireSignIn(app)) return;
  const { roundId } = routeParams();
  const round = await loadRound(roundId);
  if (!round.ok) {
    problemNotice(app, round, "公募ラウンドを読み込めませんでした。");
    return;
  }
  const r = round.body;
  const isOperator = claims().role === "operator";

  render(app, html`
    <nav class="breadcrumbs" aria-label="現在の位置"><ol>
      <li><a href="/operator">担当する公募</a></li>
      <li><span aria-current="page">選定委員会</span></li>
    </ol></nav>
    <p class="lead">${r.title}（${r.fiscalYear}年度）</p>
    <p>段階：<span class="badge">${r.stepName}</span> ${stateLabel(r.state)}</p>
    <section aria-labelledby="members-title">
      <h2 id="members-title">1. 選定委員</h2>
      <div id="members"></div>
    </section>
    <section aria-labelledby="overview-title">
      <h2 id="overview-title">2. 採点の状況と決定</h2>
      <div id="overview"><p class="muted">読み込んでいます…</p></div>
    </section>
    <section aria-labelledby="distribution-title">
      <h2 id="distribution-title">3. 委員会の平均の分布</h2>
      <div id="distribution"></div>
    </section>`);

  const members = app.querySelector("#members");
  const overviewBox = app.querySelector("#overview");
  const distributionBox = app.querySelector("#distribution");
  const base = `/api/rounds/${encodeURIComponent(roundId)}`;

  const loadOverview = async () => {
    const result = await api("GET", `${base}/panel/overview`);
    if (!result.ok) {
      problemNotice(overviewBox, result, "採点の状況を読み込めませんでした。");
      render(distributionBox, html``);
      return null;
    }
    const o = result.body;
    render(overviewBox, overviewMarkup(roundId, o));
    render(distributionBox, distributionMarkup(o));
    return o;
  };

  const showMembers = (panel, focus) => {
    const current = panel.members ?? [];
    const minimum = panel.minimumMembers ?? 3;
    render(members, html`
      ${current.length
        ? html`<div class="table-wrap"><table id="members-table" tabindex="-1">
            <caption>指名されている選定委員（${current.length}人）</caption>
            <thead><tr><th scope="col">呼び名</th><th scope="col">サインインID</th></tr></thead>
            <tbody>${current.map((m) => html`<tr><th scope="row">${m.name}</th><td>${m.subject}</td></tr>`)}</tbody>
          </table></div>`
        : html`<p class="notice" id="members-table" tabindex="-1">選定委員はまだ指名されていません。採点と決定の前に、${minimum}人以上を指名してください。</p>`}
      ${isOperator ? (current.length
        ? html`<details><summary>選定委員を指名し直す</summary>${memberFormMarkup(current, minimum)}</details>`
        : memberFormMarkup(current, minimum)) : ""}`);
    if (isOperator) wireMemberForm(members);
    if (focus) members.querySelector("#members-table")?.focus();
  };

  const wireMemberForm = (container) => {
    const form = container.querySelector("#panel-form");
    const assign = command();
    form.querySelector("#add-member").addEventListener("click", () => {
      const rows = form.querySelector("#member-rows");
      const index = rows.querySelectorAll("fieldset").length;
      rows.insertAdjacentHTML("beforeend", memberRowMarkup(index, null).__html);
      rows.querySelector(`#field-members-${index}-subject`).focus();
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearProblem(form);
      const entered = [...form.querySelectorAll("fieldset.member")].map((f) => ({
        subject: f.querySelector("input[name=subject]").value.trim(),
        name: f.querySelector("input[name=name]").value.trim(),
      }));
      // The server names errors by position in what it received, so rows keep their positions: a blank row between
      // filled ones is sent (and named as missing), only the empty rows after the last filled one are left out.
      const lastFilled = entered.map((m) => m.subject !== "" || m.name !== "").lastIndexOf(true);
      const sent = entered.slice(0, lastFilled + 1);
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      const result = await api("PUT", `${base}/panel`, { json: { members: sent }, idempotencyKey: assign.id() });
      button.disabled = false;
      if (!result.ok) {
        showProblem(form, result.problem);
        announce(result.problem?.title ?? "指名できませんでした。", "error");
        return;
      }
      assign.done();
      showMembers(result.body, true);
      announce(`選定委員を${result.body.members.length}人指名しました。`, "success");
      await loadOverview();
    });
  };

  const panel = await api("GET", `${base}/panel`);
  if (!panel.ok) {
    problemNotice(members, panel, "選定委員を読み込めませんでした。");
  } else {
    showMembers(panel.body, false);
  }
  await loadOverview();
}

function memberRowMarkup(i, member) {
  return html`<fieldset class="member">
    <legend>選定委員 ${i + 1}</legend>
    <div class="field">
      <label for="field-members-${i}-subject">サインインID</label>
      <input type="text" id="field-members-${i}-subject" name="subject" autocomplete="off" spellcheck="false" value="${member?.subject ?? ""}">
    </div>
    <div class="field">
      <label for="field-members-${i}-name">呼び名</label>
      <input type="text" id="field-members-${i}-name" name="name" maxlength="50" autocomplete="off" value="${member?.name ?? ""}">
    </div>
  </fieldset>`;
}

function memberFormMarkup(current, minimum) {
  const rows = Math.max(minimum, current.length);
  return html`<form id="panel-form" novalidate>
    <h3>選定委員を指名する</h3>
    <div class="field">
      <p class="hint" id="field-members" tabindex="-1">選定委員は${minimum}人以上です。各委員が職員のサインインで使うIDと、委員会で呼ばれる名前（呼び名）を入力してください。呼び名は他の委員と受託事業者に表示されます。指名し直すと、この一覧で置き換えます。</p>
    </div>
    <div id="member-rows">${Array.from({ length: rows }, (_, i) => memberRowMarkup(i, current[i]))}</div>
    <div class="actions">
      <button type="button" class="secondary" id="add-member">委員の入力欄を追加する</button>
      <button type="submit">選定委員を指名する</button>
    </div>
  </form>`;
}

function overviewMarkup(roundId, o) {
  const rows = o.rows ?? [];
  if (rows.length === 0) {
    return html`<p class="notice">書類選考を通過した応募はまだありません。</p>`;
  }
  const members = o.members ?? [];
  const scoredBy = (row, name) => (row.reviewers ?? []).find((v) => v.name === name);
  const decisionHref = (row) => `/operator/rounds/${encodeURIComponent(roundId)}/applications/${encodeURIComponent(row.applicationId)}?persona=${encodeURIComponent(row.persona)}`;
  const flagged = rows.filter((row) => row.result?.disagreement).length;
  const waiting = rows.filter((row) => !row.result?.quorumMet).length;
  return html`
    <p>書類選考を通過した応募と人材像の組み合わせ ${rows.length}件 ・ 定足数に達していないもの ${waiting}件 ・ 要協議 ${flagged}件</p>
    <p class="hint">委員の評価の平均が${formatMean(o.meanSpreadToDiscuss)}より大きく離れているとき、または同じスキル項目で${o.itemSpreadToDiscuss}段階以上離れているときに「要協議」としています。</p>
    <div class="table-wrap">
    <table id="overview-table">
      <caption>採点の状況（応募×人材像、委員ごとの平均は1〜4）</caption>
      <thead><tr>
        <th scope="col">受付番号</th>
        <th scope="col">人材像</th>
        ${members.map((m) => html`<th scope="col">${m.name}</th>`)}
        <th scope="col">委員会の平均</th>
        <th scope="col">定足数</th>
        <th scope="col">協議</th>
        <th scope="col">決定</th>
        <th scope="col">操作</th>
      </tr></thead>
      <tbody>${rows.map((row) => html`<tr>
        <th scope="row">${row.applicationId}</th>
        <td>${personaNames([row.persona])}</td>
        ${members.map((m) => {
          const v = scoredBy(row, m.name);
          if (v) return html`<td>${formatMean(v.mean)}</td>`;
          return (row.conflicted ?? []).includes(m.name)
            ? html`<td><span class="muted">利益相反</span></td>`
            : html`<td><span aria-hidden="true">—</span><span class="visually-hidden">採点なし</span></td>`;
        })}
        <td><strong>${formatMean(row.result?.mean)}</strong></td>
        <td>${row.result ? html`${row.result.scored}／${row.result.quorum}人<br><span class="muted">${row.result.quorumMet ? "達成" : "未達"}</span>` : ""}</td>
        <td>${row.result?.disagreement ? html`<strong class="flag">要協議</strong>` : html`<span class="muted">—</span>`}</td>
        <td>${decisionLabel(row.decision ?? null)}${row.decisionReason ? html`<br><span class="muted">理由：${row.decisionReason}</span>` : ""}</td>
        <td><a href="${decisionHref(row)}">決定を記録する<span class="visually-hidden">（受付番号 ${row.applicationId}・${personaNames([row.persona])}）</span></a></td>
      </tr>`)}</tbody>
    </table>
    </div>
    <p class="muted">定足数は、利益相反を申告していない委員の数から決まります。利益相反を申告した委員の採点は数えません。</p>`;
}

const CHART = { width: 360, height: 220, left: 36, right: 12, top: 16, bottom: 44 };

/**
 * Small multiples, one per persona, on the same vertical scale so that personas compare at a glance. The SVG is a
 * picture with a title and a description; the table after it says the same in rows for whoever cannot see it.
 */
function distributionMarkup(o) {
  const buckets = o.distribution ?? [];
  if (buckets.length === 0) {
    return html`<p class="muted">採点された応募はまだありません。</p>`;
  }
  const personas = [...new Set(buckets.map((b) => b.persona))];
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const range = (b) => `${b.from.toFixed(1)}〜${b.to.toFixed(1)}`;
  return html`
    <p class="hint">各人材像について、応募ごとの委員会の平均（1〜4）が0.5刻みのどの範囲に入るかを件数で示します。まだ採点されていない応募は含みません。</p>
    <div class="charts" id="distribution-charts">
      ${personas.map((persona, index) => chartMarkup(persona, index, buckets.filter((b) => b.persona === persona), max, range))}
    </div>
    <details>
      <summary>分布を表で見る</summary>
      <div class="table-wrap"><table id="distribution-table">
        <caption>委員会の平均の分布（件数）</caption>
        <thead><tr><th scope="col">人材像</th>${buckets.filter((b) => b.persona === personas[0]).map((b) => html`<th scope="col">${range(b)}</th>`)}</tr></thead>
        <tbody>${personas.map((persona) => html`<tr><th scope="row">${personaNames([persona])}</th>${buckets.filter((b) => b.persona === persona).map((b) => html`<td>${b.count}件</td>`)}</tr>`)}</tbody>
      </table></div>
    </details>`;
}

function chartMarkup(persona, index, buckets, max, range) {
  const { width, height, left, right, top, bottom } = CHART;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const slot = plotWidth / buckets.length;
  const barWidth = slot * 0.7;
  const y = (count) => top + plotHeight - (count / max) * plotHeight;
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  const name = personaNames([persona]);
  const description = buckets.filter((b) => b.count > 0).map((b) => `${range(b)}が${b.count}件`).join("、") || "採点済みの応募はありません";
  const ticks = [...new Set([0, Math.ceil(max / 2), max])];
  const svg = html`<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="chart-${index}-title chart-${index}-desc" focusable="false">
    <title id="chart-${index}-title">${name}の委員会の平均の分布（${total}件）</title>
    <desc id="chart-${index}-desc">${description}。</desc>
    ${ticks.map((t) => html`<line class="grid" x1="${left}" x2="${width - right}" y1="${y(t)}" y2="${y(t)}"></line><text class="tick" x="${left - 6}" y="${y(t) + 4}" text-anchor="end">${t}</text>`)}
    ${buckets.map((b, i) => {
      const x = left + i * slot + (slot - barWidth) / 2;
      const barHeight = (b.count / max) * plotHeight;
      return html`<rect class="bar" x="${x}" y="${y(b.count)}" width="${barWidth}" height="${barHeight}"></rect>
        ${b.count > 0 ? html`<text class="count" x="${x + barWidth / 2}" y="${y(b.count) - 4}" text-anchor="middle">${b.count}</text>` : ""}`;
    })}
    ${[...buckets.map((b) => b.from), buckets[buckets.length - 1].to].map((edge, i) => html`<text class="tick" x="${left + i * slot}" y="${top + plotHeight + 16}" text-anchor="middle">${edge.toFixed(1)}</text>`)}
    <line class="axis" x1="${left}" x2="${width - right}" y1="${top + plotHeight}" y2="${top + plotHeight}"></line>
    <text class="tick" x="${left + plotWidth / 2}" y="${height - 6}" text-anchor="middle">委員会の平均（0.5刻み）</text>
  </svg>`;
  return html`<figure class="chart-figure">
    <figcaption>${name}（${total}件）</figcaption>
    ${svg}
  </figure>`;
}
