// 総務省: how many people each stage keeps, from 応募 to 任用, across rounds and per round, and where municipalities
// asked for and appointed people, by prefecture. Numbers are in the tables; the bars only draw them.
import { api, html, render, requireSignIn, labels } from "/assets/js/common.js";
import { problemNotice } from "/assets/js/operator-shared.js";

const percent = (part, whole) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0);

/**
 * A bar as wide as the share, drawn in SVG (the pages' CSP allows no inline style) and hidden from screen readers:
 * the cells beside it say the number.
 */
const bar = (share) => html`<svg class="hbar" viewBox="0 0 100 10" width="192" height="14" preserveAspectRatio="none" aria-hidden="true" focusable="false">
  <rect class="track" width="100" height="10"></rect><rect class="fill" width="${Math.max(0, Math.min(100, share))}" height="10"></rect></svg>`;

export async function start(app) {
  if (!requireSignIn(app)) return;
  render(app, html`<p class="muted">読み込んでいます…</p>`);
  const [rounds, prefectures, needs] = await Promise.all([api("GET", "/api/rounds"), api("GET", "/api/ministry/appointments/summary"), api("GET", "/api/needs")]);
  const failed = [rounds, prefectures, needs].find((r) => !r.ok);
  if (failed) {
    problemNotice(app, failed, "集計を読み込めませんでした。");
    return;
  }
  const needItems = needs.body.items ?? [];

  const p = prefectures.body;
  // A round counts its appointments when it closes; until then, the appointments accepted so far.
  const items = [...(rounds.body.items ?? [])].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)))
    .map((r) => ({ ...r, counts: { ...(r.counts ?? {}), appointed: Math.max(r.counts?.appointed ?? 0, p.acceptedByRound?.[r.roundId] ?? 0) } }));
  const stages = Object.entries(labels.funnel);
  const totals = Object.fromEntries(stages.map(([stage]) => [stage, items.reduce((sum, r) => sum + (r.counts?.[stage] ?? 0), 0)]));
  const first = totals[stages[0][0]];
  const most = Math.max(1, ...p.prefectures.map((i) => i.requested));
  const without = p.prefectures.filter((i) => i.requested === 0).length;

  render(app, html`
    <section aria-labelledby="funnel-title">
      <h2 id="funnel-title">全ての公募ラウンド（${items.length}件）の合計</h2>
      <p>${labels.funnel.submitted}した${first}人のうち、${labels.funnel.appointed}に至ったのは${totals.appointed}人（${percent(totals.appointed, first)}%）です。</p>
      <div class="table-wrap">
        <table id="funnel" class="funnel">
          <caption>段階ごとの人数（全ラウンド）</caption>
          <thead><tr><th scope="col">段階</th><th scope="col">人数</th><th scope="col">${labels.funnel.submitted}に対する割合</th><th scope="col">前の段階からの割合</th><th scope="col"><span class="visually-hidden">グラフ</span></th></tr></thead>
          <tbody>${stages.map(([stage, name], i) => html`<tr data-stage="${stage}">
            <th scope="row">${name}</th>
            <td class="number">${totals[stage]}人</td>
            <td class="number">${percent(totals[stage], first)}%</td>
            <td class="number">${i === 0 ? "―" : `${percent(totals[stage], totals[stages[i - 1][0]])}%`}</td>
            <td>${bar(percent(totals[stage], first))}</td>
          </tr>`)}</tbody>
        </table>
      </div>
    </section>
    <section aria-labelledby="rounds-title">
      <h2 id="rounds-title">公募ラウンドごと</h2>
      ${items.length === 0 ? html`<p class="notice">公募ラウンドはまだありません。</p>` : html`
      <div class="table-wrap">
        <table id="round-funnels">
          <caption>公募ラウンドごとの段階別の人数</caption>
          <thead><tr><th scope="col">公募ラウンド</th>${stages.map(([, name]) => html`<th scope="col">${name}</th>`)}<th scope="col">${labels.funnel.submitted}から${labels.funnel.appointed}まで</th></tr></thead>
          <tbody>${items.map((r) => html`<tr data-round-id="${r.roundId}">
            <th scope="row">${r.title}<br><span class="muted">${r.fiscalYear}年度・${r.roundId}</span></th>
            ${stages.map(([stage]) => html`<td class="number">${r.counts?.[stage] ?? 0}</td>`)}
            <td class="number">${percent(r.counts?.appointed ?? 0, r.counts?.submitted ?? 0)}%</td>
          </tr>`)}</tbody>
        </table>
      </div>`}
    </section>
    <section aria-labelledby="needs-title">
      <h2 id="needs-title">自治体のニーズ</h2>
      <p>自治体が入力したニーズ${needItems.length}件のうち募集中は${needs.body.open}件、そのうち期間中に空きのある候補者がいないものは<strong>${needs.body.unmatched}件</strong>です。</p>
      ${needItems.length === 0 ? "" : html`<div class="table-wrap">
        <table id="needs">
          <caption>ニーズごとの候補者（候補者のいないものが先）</caption>
          <thead><tr><th scope="col">団体</th><th scope="col">人材像</th><th scope="col">勤務</th><th scope="col">期間</th><th scope="col">状態</th><th scope="col">候補者（空きのある方）</th></tr></thead>
          <tbody>${[...needItems].sort((a, b) => (a.status === "open" ? 0 : 1) - (b.status === "open" ? 0 : 1) || a.available - b.available).map((n) => html`<tr class="${n.status === "open" && n.available === 0 ? "unmatched" : ""}">
            <th scope="row">${n.municipalityName}<br><span class="muted">${n.municipalityCode}</span></th>
            <td>${labels.persona[n.need.persona]}</td>
            <td>${labels.workStyle[n.need.workStyle]}・${n.need.prefecture}・週${n.need.daysPerWeek}日</td>
            <td>${n.need.startsOn} から ${n.need.endsOn} まで</td>
            <td>${labels.needStatus[n.status] ?? n.status}</td>
            <td class="number">${n.candidates}人（${n.available}人）</td>
          </tr>`)}</tbody>
        </table>
      </div>`}
    </section>
    <section aria-labelledby="prefectures-title">
      <h2 id="prefectures-title">都道府県ごとの任用</h2>
      <p>任用の申込み${p.requested}件、承諾${p.accepted}件（うち特別交付税措置の対象${p.qualifying}件）。申込みのない都道府県は${without}です。</p>
      <div class="table-wrap">
        <table id="prefectures">
          <caption>都道府県ごとの任用の申込みと承諾（全ラウンド）</caption>
          <thead><tr><th scope="col">都道府県</th><th scope="col">申し込んだ団体</th><th scope="col">申込み</th><th scope="col">承諾</th><th scope="col">うち特別交付税措置の対象</th><th scope="col"><span class="visually-hidden">グラフ</span></th></tr></thead>
          <tbody>${p.prefectures.map((i) => html`<tr class="${i.requested === 0 ? "none" : ""}">
            <th scope="row">${i.prefecture}</th>
            <td class="number">${i.municipalities}</td>
            <td class="number">${i.requested}</td>
            <td class="number">${i.accepted}</td>
            <td class="number">${i.qualifying}</td>
            <td>${i.requested === 0 ? html`<span class="muted">申込みなし</span>` : bar(percent(i.requested, most))}</td>
          </tr>`)}</tbody>
        </table>
      </div>
    </section>`);
}
