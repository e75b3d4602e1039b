// ipcorpus report: read, filter and correct an alignment and its glossary; export TMX, TSV and TBX.
// No dependencies, no network. The data is the JSON in #report-data (see ipcorpus/report/build.py).
"use strict";
(function () {
  const T0 = performance.now();
  const DATA = JSON.parse(document.getElementById("report-data").textContent);
  const T_PARSE = performance.now() - T0;

  // ------------------------------------------------------------------------------------ the data
  // units: [bead, score, zh_ids, en_ids, zh_paras, en_paras, zh, en, flag]
  const U = DATA.units;
  const N = U.length;
  const G = DATA.glossary || []; // [source, [[target, conf, count]], freq, origin, kind, [dzh, den]|null, [[zh, en]], note]
  const BEAD = 0, SCORE = 1, ZI = 2, EI = 3, ZP = 4, EP = 5, ZH = 6, EN = 7, FLAG = 8;
  const paired = (i) => U[i][ZI].length > 0 && U[i][EI].length > 0;

  // tuid of each unit: its rank among the units with both sides, as in ipcorpus's memory.tmx
  const tuid = new Int32Array(N);
  { let k = 0; for (let i = 0; i < N; i++) tuid[i] = paired(i) && !U[i][FLAG] ? ++k : 0; }

  const paraKind = { zh: new Map(), en: new Map() };
  for (const side of ["zh", "en"]) for (const [id, kind] of (DATA.paras && DATA.paras[side]) || []) paraKind[side].set(id, kind);

  // length ratio (English characters per Chinese character, log2) and its outliers (3 robust sigmas)
  const ratio = new Float32Array(N).fill(NaN);
  const zhLen = (s) => s.replace(/\s+/g, "").length;
  for (let i = 0; i < N; i++) if (paired(i)) {
    const z = zhLen(U[i][ZH]), e = U[i][EN].length;
    if (z > 0 && e > 0) ratio[i] = Math.log2(e / z);
  }
  const finite = Array.from(ratio).filter(Number.isFinite).sort((a, b) => a - b);
  const median = (xs) => xs.length ? xs[xs.length >> 1] : 0;
  const RMED = median(finite);
  const RSIG = Math.max(0.15, 1.4826 * median(finite.map((x) => Math.abs(x - RMED)).sort((a, b) => a - b)));
  const outlier = (i) => Number.isFinite(ratio[i]) && Math.abs(ratio[i] - RMED) > 3 * RSIG;

  // ---------------------------------------------------------------------------- review state
  // unit status: 0 unmarked, 1 accepted, 2 wrong; join[i] = 1: unit i is joined with unit i + 1
  const status = new Uint8Array(N), join = new Uint8Array(N);
  const gstatus = new Uint8Array(G.length); // 0 unmarked, 1 approved, 2 rejected
  const goff = new Set(); // "entry:rendering" rejected renderings
  const STORE = "ipcorpus-report:" + DATA.key;
  function loadState() {
    try {
      const s = JSON.parse(localStorage.getItem(STORE) || "null");
      if (!s || s.n !== N || s.g !== G.length) return;
      for (let i = 0; i < N; i++) { status[i] = +s.u[i] || 0; join[i] = +s.j[i] || 0; }
      for (let i = 0; i < G.length; i++) gstatus[i] = +s.gs[i] || 0;
      for (const k of s.off || []) goff.add(k);
    } catch (e) { /* private mode, or a corrupt entry: start afresh */ }
  }
  let saveTimer = 0;
  function saveState() {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      try {
        localStorage.setItem(STORE, JSON.stringify({
          n: N, g: G.length, u: status.join(""), j: join.join(""), gs: gstatus.join(""), off: [...goff],
        }));
      } catch (e) { /* storage full or unavailable: the review still lives in the page */ }
    }, 300);
  }

  // ---------------------------------------------------------------------------------- helpers
  const $ = (id) => document.getElementById(id);
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
  const fmt = (x, d = 2) => (x === null || x === undefined ? "–" : Number(x).toFixed(d));
  const reEsc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  function hue(s) { return s === null ? 280 : Math.max(0, Math.min(1, (s - 0.2) / 0.7)) * 120; }
  function color(s, l = 42) { return s === null ? "#9c7cc4" : `hsl(${hue(s)},75%,${l}%)`; }
  function tint(s) { return s === null ? "#f3eef9" : `hsl(${hue(s)},80%,92%)`; }
  function toast(msg) {
    const t = $("toast"); t.textContent = msg; t.hidden = false;
    clearTimeout(toast.timer); toast.timer = setTimeout(() => { t.hidden = true; }, 3500);
  }
  function download(name, text, type) {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type: type + ";charset=utf-8" }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 2000);
  }

  // ---------------------------------------------------- glossary terms in the text (highlighting)
  const termIndex = new Map(); // Chinese term -> entry index
  const renIndex = new Map(); // lower-case rendering -> [entry indices]
  G.forEach((e, gi) => {
    if (!termIndex.has(e[0])) termIndex.set(e[0], gi);
    for (const [t] of e[1]) {
      const k = t.toLowerCase().replace(/\s+/g, " ");
      if (!renIndex.has(k)) renIndex.set(k, []);
      renIndex.get(k).push(gi);
    }
  });
  const byLength = (a, b) => b.length - a.length;
  const ZH_RE = termIndex.size ? new RegExp([...termIndex.keys()].sort(byLength).map(reEsc).join("|"), "g") : null;
  const EN_RE = renIndex.size ? new RegExp([...renIndex.keys()].sort(byLength).map((r) => {
    const body = reEsc(r).replace(/ /g, "\\s+");
    return (/^\w/.test(r) ? "\\b" : "") + body + (/\w$/.test(r) ? "\\b" : "");
  }).join("|"), "gi") : null;

  // ranges [start, end, class, title, entry]: earlier ones win over the ones they overlap
  function highlight(text, ranges) {
    if (!ranges.length) return esc(text);
    const taken = [];
    for (const r of ranges) if (!taken.some((t) => r[0] < t[1] && t[0] < r[1])) taken.push(r);
    taken.sort((a, b) => a[0] - b[0]);
    let out = "", pos = 0;
    for (const [s, e, cls, title, gi] of taken) {
      out += esc(text.slice(pos, s));
      out += `<mark class="${cls}"${title ? ` title="${esc(title)}"` : ""}${gi >= 0 ? ` data-g="${gi}"` : ""}>${esc(text.slice(s, e))}</mark>`;
      pos = e;
    }
    return out + esc(text.slice(pos));
  }
  function queryRanges(text, q) {
    const out = [];
    if (!q) return out;
    const low = text.toLowerCase();
    for (let p = low.indexOf(q); p >= 0; p = low.indexOf(q, p + q.length)) out.push([p, p + q.length, "q", "", -1]);
    return out;
  }
  // the glossary terms in a unit and their renderings in its English
  function termRanges(zh, en) {
    const zr = [], er = [], found = new Set();
    if (ZH_RE) {
      ZH_RE.lastIndex = 0;
      for (let m; (m = ZH_RE.exec(zh));) {
        const gi = termIndex.get(m[0]);
        found.add(gi);
        zr.push([m.index, m.index + m[0].length, "t", `${m[0]} → ${G[gi][1].map((t) => t[0]).join(" | ")}`, gi]);
      }
    }
    if (EN_RE && found.size) {
      EN_RE.lastIndex = 0;
      for (let m; (m = EN_RE.exec(en));) {
        const gis = renIndex.get(m[0].toLowerCase().replace(/\s+/g, " ")) || [];
        const gi = gis.find((g) => found.has(g));
        if (gi !== undefined) er.push([m.index, m.index + m[0].length, "t", `${G[gi][0]} → ${m[0]}`, gi]);
      }
    }
    return [zr, er];
  }

  // one entry's term in the Chinese and its renderings in the English (for its example pairs)
  function entryRanges(gi, zh, en) {
    const e = G[gi], title = `${e[0]} → ${e[1].map((t) => t[0]).join(" | ")}`;
    const zr = queryRanges(zh, e[0].toLowerCase()).map((r) => [r[0], r[1], "t", title, gi]);
    const er = [].concat(...e[1].map((t) => queryRanges(en, t[0].toLowerCase()))).map((r) => [r[0], r[1], "t", title, gi]);
    return [zr, er.sort((a, b) => (b[1] - b[0]) - (a[1] - a[0]))];
  }

  // ---------------------------------------------------------------------- alignment: filters
  const view = { q: "", status: "all", bead: "", range: null, sort: "doc", page: 0, size: 100, rows: null };
  let lowEn = null; // lower-case English, made on the first search
  function computeRows() {
    const q = view.q;
    if (q && !lowEn) lowEn = U.map((u) => u[EN].toLowerCase());
    const rows = [];
    for (let i = 0; i < N; i++) {
      const u = U[i];
      if (view.bead && u[BEAD] !== view.bead) continue;
      if (view.range && (u[SCORE] === null || !paired(i) || u[SCORE] < view.range[0] || u[SCORE] >= view.range[1])) continue;
      switch (view.status) {
        case "unpaired": if (paired(i)) continue; break;
        case "low": if (!paired(i) || u[SCORE] === null || u[SCORE] >= 0.5) continue; break;
        case "outlier": if (!outlier(i)) continue; break;
        case "unmarked": if (status[i]) continue; break;
        case "accepted": if (status[i] !== 1) continue; break;
        case "wrong": if (status[i] !== 2) continue; break;
        case "joined": if (!join[i] && !(i > 0 && join[i - 1])) continue; break;
      }
      if (q && u[ZH].toLowerCase().indexOf(q) < 0 && lowEn[i].indexOf(q) < 0) continue;
      rows.push(i);
    }
    // unpaired sentences first among the weakest: their score is a skip cost, not a confidence
    const sc = (i) => (U[i][SCORE] === null || !paired(i) ? -1 : U[i][SCORE]);
    if (view.sort === "weak") rows.sort((a, b) => sc(a) - sc(b) || a - b);
    else if (view.sort === "strong") rows.sort((a, b) => sc(b) - sc(a) || a - b);
    else if (view.sort === "ratio") {
      const dev = (i) => (Number.isFinite(ratio[i]) ? Math.abs(ratio[i] - RMED) : -1);
      rows.sort((a, b) => dev(b) - dev(a) || a - b);
    }
    view.rows = rows;
  }

  // ---------------------------------------------------------------------- alignment: rendering
  function paraLabel(i) {
    const u = U[i], parts = [];
    if (u[ZP].length) parts.push(`中文 ¶${u[ZP].join(",")} ${paraKind.zh.get(u[ZP][0]) || ""}`);
    if (u[EP].length) parts.push(`English ¶${u[EP].join(",")} ${paraKind.en.get(u[EP][0]) || ""}`);
    return parts.join(" · ");
  }
  const paraKey = (i) => (U[i][ZP].length ? "z" + U[i][ZP][0] : "e" + U[i][EP][0]);

  function unitRow(i) {
    const u = U[i];
    const st = status[i] === 1 ? " accepted" : status[i] === 2 ? " wrong" : "";
    const cls = "unit" + (paired(i) ? "" : " unpaired") + st + (join[i] ? " joined" : "");
    const [zr, er] = termRanges(u[ZH], u[EN]);
    const none = u[FLAG] ? "left out of the alignment" : "unpaired";
    const zh = u[ZH] ? highlight(u[ZH], queryRanges(u[ZH], view.q).concat(zr)) : `<span class="missing">— no Chinese (${none}) —</span>`;
    const en = u[EN] ? highlight(u[EN], queryRanges(u[EN], view.q).concat(er)) : `<span class="missing">— no English (${none}) —</span>`;
    const s = paired(i) ? u[SCORE] : null; // an unpaired bead's score is a skip cost: drawn in the unpaired colour
    const ratioTitle = Number.isFinite(ratio[i]) ? `; length ratio ${(2 ** ratio[i]).toFixed(2)}${outlier(i) ? " (outlier)" : ""}` : "";
    const title = `unit ${i + 1}${tuid[i] ? ` (tuid ${tuid[i]} in memory.tmx)` : ""}; sentences zh ${u[ZI].join(",") || "–"} / en ${u[EI].join(",") || "–"}${ratioTitle}`;
    return `<tr class="${cls}" data-i="${i}" style="--cc:${color(s)}">` +
      `<td class="num" title="${esc(title)}">${i + 1}</td><td class="zh" lang="zh">${zh}</td><td class="en" lang="en">${en}</td>` +
      `<td class="bead">${esc(u[BEAD])}</td><td class="conf" style="background:${tint(s)};color:${color(s, 32)}"${paired(i) ? "" : ' title="no confidence: the cost of leaving the sentence unpaired"'}>${fmt(u[SCORE])}</td>` +
      `<td class="act"><button type="button" class="act-accept${status[i] === 1 ? " on" : ""}" title="accept" aria-label="accept">✓</button>` +
      `<button type="button" class="act-wrong${status[i] === 2 ? " on" : ""}" title="mark wrong" aria-label="mark wrong">✗</button>` +
      (i + 1 < N ? `<button type="button" class="act-join${join[i] ? " on" : ""}" title="join with next" aria-label="join with next">⤓</button>` : "") +
      `</td></tr>`;
  }

  function renderPager(el, total, page, size, onGo) {
    const pages = Math.max(1, Math.ceil(total / size));
    const from = total ? page * size + 1 : 0, to = Math.min(total, (page + 1) * size);
    el.innerHTML = `<button type="button" data-p="0" ${page ? "" : "disabled"}>«</button>` +
      `<button type="button" data-p="${page - 1}" ${page ? "" : "disabled"}>‹</button>` +
      `<span>${from}–${to} of ${total}</span>` +
      `<button type="button" data-p="${page + 1}" ${page + 1 < pages ? "" : "disabled"}>›</button>` +
      `<button type="button" data-p="${pages - 1}" ${page + 1 < pages ? "" : "disabled"}>»</button>` +
      `<span>page</span><input type="number" min="1" max="${pages}" value="${page + 1}" aria-label="page"><span>of ${pages}</span>` +
      `<label>rows <select aria-label="rows per page">${[50, 100, 200, 500].map((n) => `<option${n === size ? " selected" : ""}>${n}</option>`).join("")}</select></label>`;
    el.onclick = (ev) => { const b = ev.target.closest("button[data-p]"); if (b) onGo(+b.dataset.p, size); };
    el.querySelector("input").onchange = (ev) => onGo(Math.max(0, Math.min(pages - 1, ev.target.value - 1)), size);
    el.querySelector("select").onchange = (ev) => onGo(0, +ev.target.value);
  }

  function renderUnits() {
    if (!view.rows) computeRows();
    const rows = view.rows, size = view.size;
    view.page = Math.max(0, Math.min(view.page, Math.ceil(rows.length / size) - 1));
    const start = view.page * size, end = Math.min(rows.length, start + size);
    const html = [];
    let prev = null;
    for (let k = start; k < end; k++) {
      const i = rows[k];
      if (view.sort === "doc") {
        const key = paraKey(i);
        if (key !== prev) html.push(`<tr class="para"><td colspan="6">${esc(paraLabel(i))}</td></tr>`);
        prev = key;
      }
      html.push(unitRow(i));
    }
    if (!rows.length) html.push(`<tr><td colspan="6" class="hint">No unit matches the filters.</td></tr>`);
    $("units-body").innerHTML = html.join("");
    const go = (p, s) => { view.page = p; view.size = s; renderUnits(); $("units").scrollIntoView({ block: "start" }); };
    renderPager($("pager-align"), rows.length, view.page, size, go);
    renderPager($("pager-align-bottom"), rows.length, view.page, size, go);
  }

  function refreshRow(i) {
    const tr = $("units-body").querySelector(`tr[data-i="${i}"]`);
    if (tr) tr.outerHTML = unitRow(i);
  }

  function refilter() { view.rows = null; view.page = 0; renderUnits(); }

  // go to unit i: clear the filters that hide it, open its page, flash its row
  function jumpTo(i) {
    showTab("align");
    if (!view.rows) computeRows();
    if (view.rows.indexOf(i) < 0) {
      Object.assign(view, { q: "", status: "all", bead: "", range: null, sort: "doc" });
      $("q").value = ""; $("f-status").value = "all"; $("f-bead").value = ""; $("sort").value = "doc";
      showRange();
      computeRows();
    }
    view.page = Math.floor(view.rows.indexOf(i) / view.size);
    renderUnits();
    const tr = $("units-body").querySelector(`tr[data-i="${i}"]`);
    if (tr) {
      tr.classList.add("flash");
      const top = tr.getBoundingClientRect().top + window.scrollY - $("top").offsetHeight - 40;
      window.scrollTo({ top });
    }
  }

  function showRange() {
    const el = $("f-range");
    el.hidden = !view.range;
    if (view.range) el.innerHTML = `confidence ${view.range[0].toFixed(3)}–${Math.min(1, view.range[1]).toFixed(3)} <button type="button" title="remove this filter">✕</button>`;
  }

  function updateCounts() {
    let acc = 0, wr = 0, jn = 0, ga = 0, gr = 0;
    for (let i = 0; i < N; i++) { if (status[i] === 1) acc++; else if (status[i] === 2) wr++; if (join[i]) jn++; }
    for (let i = 0; i < G.length; i++) { if (gstatus[i] === 1) ga++; else if (gstatus[i] === 2) gr++; }
    $("review-count").innerHTML = `Review: <span class="ok">${acc} accepted</span> · <span class="bad">${wr} wrong</span> · ` +
      `<span class="jn">${jn} joined</span>` + (G.length ? ` · glossary <span class="ok">${ga} approved</span>, <span class="bad">${gr} rejected</span>` : "");
  }

  function setStatus(i, s) {
    status[i] = status[i] === s ? 0 : s;
    refreshRow(i); updateCounts(); saveState();
  }

  // ----------------------------------------------------------------------------------- pictures
  function setupCanvas(c) {
    const dpr = window.devicePixelRatio || 1, w = c.clientWidth || 300, h = c.clientHeight || 240;
    c.width = Math.round(w * dpr); c.height = Math.round(h * dpr);
    const ctx = c.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.font = "11px system-ui, sans-serif";
    return [ctx, w, h];
  }
  // hit testing: screen points of the last drawing of each canvas
  const hits = new Map();
  function nearest(c, x, y, maxd = 10) {
    const h = hits.get(c);
    if (!h) return -1;
    let best = -1, bd = maxd * maxd;
    for (let k = 0; k < h.idx.length; k++) {
      const dx = h.x[k] - x, dy = h.y[k] - y, d = dx * dx + dy * dy;
      if (d < bd) { bd = d; best = h.idx[k]; }
    }
    return best;
  }
  function axisTicks(max) {
    if (max <= 0) return [0];
    const step = 10 ** Math.floor(Math.log10(max)), k = max / step;
    const s = k > 5 ? step * 2 : k > 2 ? step : step / 2;
    const out = [];
    for (let v = 0; v <= max; v += s) out.push(Math.round(v));
    return out;
  }

  function drawPath() {
    const c = $("plot-path");
    const [ctx, w, h] = setupCanvas(c);
    const L = 38, B = 22, R = 8, TOP = 6;
    const nz = Math.max(1, DATA.n.zh), ne = Math.max(1, DATA.n.en);
    const X = (v) => L + (v / nz) * (w - L - R), Y = (v) => h - B - (v / ne) * (h - B - TOP);
    // paragraph starts
    ctx.lineWidth = 1;
    ctx.strokeStyle = "rgba(31,95,191,0.14)";
    ctx.beginPath();
    let last = -99;
    for (const [, , s] of DATA.paras.zh || []) { const x = X(s); if (s > 0 && x - last >= 2) { ctx.moveTo(x, TOP); ctx.lineTo(x, h - B); last = x; } }
    last = 1e9;
    for (const [, , s] of DATA.paras.en || []) { const y = Y(s); if (s > 0 && last - y >= 2) { ctx.moveTo(L, y); ctx.lineTo(w - R, y); last = y; } }
    ctx.stroke();
    // axes
    ctx.strokeStyle = "#9aa3ad"; ctx.fillStyle = "#66707c";
    ctx.beginPath(); ctx.moveTo(L, TOP); ctx.lineTo(L, h - B); ctx.lineTo(w - R, h - B); ctx.stroke();
    ctx.textAlign = "center";
    for (const t of axisTicks(nz)) ctx.fillText(t, X(t), h - 8);
    ctx.textAlign = "right";
    for (const t of axisTicks(ne)) ctx.fillText(t, L - 4, Y(t) + 4);
    ctx.textAlign = "left"; ctx.fillText("中文 →", w - 50, h - B - 4);
    ctx.save(); ctx.translate(12, TOP + 40); ctx.rotate(-Math.PI / 2); ctx.fillText("English →", -30, 0); ctx.restore();
    // the path: a grey line through the units, then the units coloured by confidence
    const xs = new Float32Array(N), ys = new Float32Array(N), idx = new Int32Array(N);
    let zAt = 0, eAt = 0;
    for (let i = 0; i < N; i++) {
      const u = U[i];
      const z0 = u[ZI].length ? Math.min(...u[ZI]) : zAt, z1 = u[ZI].length ? Math.max(...u[ZI]) + 1 : zAt;
      const e0 = u[EI].length ? Math.min(...u[EI]) : eAt, e1 = u[EI].length ? Math.max(...u[EI]) + 1 : eAt;
      xs[i] = X((z0 + z1) / 2); ys[i] = Y((e0 + e1) / 2); idx[i] = i;
      zAt = Math.max(zAt, z1); eAt = Math.max(eAt, e1);
    }
    ctx.strokeStyle = "rgba(80,90,100,0.35)";
    ctx.beginPath();
    for (let i = 0; i < N; i++) (i ? ctx.lineTo(xs[i], ys[i]) : ctx.moveTo(xs[i], ys[i]));
    ctx.stroke();
    const r = N > 5000 ? 1.2 : N > 500 ? 2 : 3;
    for (let i = 0; i < N; i++) {
      const s = U[i][SCORE];
      if (paired(i)) {
        ctx.fillStyle = color(s);
        ctx.fillRect(xs[i] - r, ys[i] - r, 2 * r, 2 * r);
      } else { // unpaired: a cross
        ctx.strokeStyle = "#8e44ad";
        ctx.beginPath();
        ctx.moveTo(xs[i] - r - 1, ys[i] - r - 1); ctx.lineTo(xs[i] + r + 1, ys[i] + r + 1);
        ctx.moveTo(xs[i] - r - 1, ys[i] + r + 1); ctx.lineTo(xs[i] + r + 1, ys[i] - r - 1);
        ctx.stroke();
      }
    }
    hits.set(c, { x: xs, y: ys, idx });
    c.dataset.drawn = String(N);
  }

  function drawRatio() {
    const c = $("plot-ratio");
    const [ctx, w, h] = setupCanvas(c);
    const L = 38, B = 22, R = 8, TOP = 6;
    const lo = Math.min(RMED - 4 * RSIG, finite.length ? finite[0] : 0), hi = Math.max(RMED + 4 * RSIG, finite.length ? finite[finite.length - 1] : 1);
    const X = (i) => L + (i / Math.max(1, N - 1)) * (w - L - R), Y = (v) => h - B - ((v - lo) / (hi - lo || 1)) * (h - B - TOP);
    ctx.fillStyle = "rgba(31,95,191,0.08)";
    ctx.fillRect(L, Y(RMED + 3 * RSIG), w - L - R, Y(RMED - 3 * RSIG) - Y(RMED + 3 * RSIG));
    ctx.strokeStyle = "#9aa3ad"; ctx.fillStyle = "#66707c";
    ctx.beginPath(); ctx.moveTo(L, TOP); ctx.lineTo(L, h - B); ctx.lineTo(w - R, h - B); ctx.stroke();
    ctx.strokeStyle = "rgba(31,95,191,0.6)"; ctx.setLineDash([4, 3]);
    ctx.beginPath(); ctx.moveTo(L, Y(RMED)); ctx.lineTo(w - R, Y(RMED)); ctx.stroke(); ctx.setLineDash([]);
    ctx.textAlign = "right";
    for (let e = Math.ceil(lo); e <= Math.floor(hi); e++) ctx.fillText("×" + (2 ** e >= 1 ? 2 ** e : "1/" + 2 ** -e), L - 4, Y(e) + 4);
    ctx.textAlign = "center";
    for (const t of axisTicks(N)) ctx.fillText(t, X(t), h - 8);
    ctx.textAlign = "left"; ctx.fillText(`unit →   median ×${(2 ** RMED).toFixed(2)}`, L + 6, TOP + 10);
    const xs = [], ys = [], idx = [];
    const r = N > 5000 ? 1 : 2;
    for (let i = 0; i < N; i++) {
      if (!Number.isFinite(ratio[i])) continue;
      const o = outlier(i), x = X(i), y = Y(ratio[i]);
      ctx.fillStyle = o ? "#c0392b" : "rgba(60,90,130,0.45)";
      const rr = o ? r + 1.5 : r;
      ctx.fillRect(x - rr, y - rr, 2 * rr, 2 * rr);
      xs.push(x); ys.push(y); idx.push(i);
    }
    hits.set(c, { x: xs, y: ys, idx });
    c.dataset.drawn = String(idx.length);
  }

  function drawHist() {
    const svg = $("plot-hist");
    const w = svg.clientWidth || 300, h = svg.clientHeight || 240, L = 38, B = 22, TOP = 8, R = 8, BINS = 20;
    // the range starts at the weakest unit (rounded down to 0.05), so that a good alignment is not one bar
    let minScore = 1;
    for (let i = 0; i < N; i++) if (paired(i) && U[i][SCORE] !== null) minScore = Math.min(minScore, U[i][SCORE]);
    const LO = Math.max(0, Math.min(0.8, Math.floor(minScore * 20) / 20)), WIDTH = (1 - LO) / BINS;
    const counts = new Array(BINS).fill(0);
    let unp = 0;
    for (let i = 0; i < N; i++) {
      if (!paired(i) || U[i][SCORE] === null) { unp++; continue; }
      counts[Math.min(BINS - 1, Math.max(0, Math.floor((U[i][SCORE] - LO) / WIDTH)))]++;
    }
    const max = Math.max(1, ...counts), bw = (w - L - R) / BINS;
    const Y = (v) => h - B - (v / max) * (h - B - TOP);
    let s = `<line x1="${L}" y1="${h - B}" x2="${w - R}" y2="${h - B}" stroke="#9aa3ad"/><line x1="${L}" y1="${TOP}" x2="${L}" y2="${h - B}" stroke="#9aa3ad"/>`;
    for (const t of axisTicks(max)) s += `<text x="${L - 4}" y="${Y(t) + 4}" text-anchor="end">${t}</text>`;
    counts.forEach((n, b) => {
      const lo = LO + b * WIDTH, hi = b + 1 === BINS ? 1 : LO + (b + 1) * WIDTH, x = L + b * bw;
      s += `<rect class="bar" data-lo="${lo}" data-hi="${hi}" x="${x + 1}" y="${Y(n)}" width="${Math.max(1, bw - 2)}" height="${h - B - Y(n)}" fill="${color(lo + WIDTH / 2)}"><title>confidence ${lo.toFixed(3)}–${hi.toFixed(3)}: ${n} units</title></rect>`;
    });
    for (let k = 0; k <= 4; k++) s += `<text x="${L + (k / 4) * (w - L - R)}" y="${h - 8}" text-anchor="middle">${+(LO + (k / 4) * (1 - LO)).toFixed(3)}</text>`;
    if (unp) s += `<text x="${L + 6}" y="${TOP + 10}">+ ${unp} unpaired (no confidence bar)</text>`;
    svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
    svg.innerHTML = s;
  }

  function drawBeads() {
    const svg = $("plot-beads");
    const counts = new Map();
    for (let i = 0; i < N; i++) counts.set(U[i][BEAD], (counts.get(U[i][BEAD]) || 0) + 1);
    const items = [...counts].sort((a, b) => b[1] - a[1]);
    const shown = items.slice(0, 12), rest = items.slice(12).reduce((a, [, n]) => a + n, 0);
    const w = svg.clientWidth || 300, h = svg.clientHeight || 240, L = 44, R = 56, TOP = 4;
    const rowH = Math.min(22, (h - TOP - 4) / Math.max(1, shown.length + (rest ? 1 : 0)));
    const max = Math.max(1, ...items.map((x) => x[1]));
    let s = "";
    shown.forEach(([b, n], k) => {
      const y = TOP + k * rowH, bw = Math.max(1, (n / max) * (w - L - R));
      const unp = b.startsWith("0-") || b.endsWith("-0");
      s += `<text x="${L - 6}" y="${y + rowH * 0.7}" text-anchor="end">${esc(b)}</text>` +
        `<rect class="bar" data-bead="${esc(b)}" x="${L}" y="${y + 2}" width="${bw}" height="${rowH - 4}" fill="${unp ? "#9c7cc4" : b === "1-1" ? "#3d7cc9" : "#6fa3dc"}"><title>${esc(b)}: ${n} (${(100 * n / N).toFixed(1)}%)</title></rect>` +
        `<text x="${L + bw + 4}" y="${y + rowH * 0.7}">${n}</text>`;
    });
    if (rest) s += `<text x="${L}" y="${TOP + shown.length * rowH + rowH * 0.7}">${items.length - 12} more types: ${rest}</text>`;
    svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
    svg.innerHTML = s;
  }

  function drawAll() { drawPath(); drawRatio(); drawHist(); drawBeads(); }

  function legend() {
    const stops = [0.2, 0.4, 0.55, 0.7, 0.9].map((s) => color(s)).join(",");
    $("legend").innerHTML = `confidence <span>0.2</span><span class="scale" style="background:linear-gradient(90deg,${stops})"></span><span>0.9+</span>` +
      `<span style="color:#8e44ad">✕ unpaired sentence</span>`;
  }

  // ----------------------------------------------------------------------------------- glossary
  const gview = { q: "", status: "all", kind: "", sort: "rank", dir: 1, page: 0, size: 100, rows: null, open: new Set() };
  const gconf = (gi) => Math.max(0, ...G[gi][1].map((t) => t[1]));
  function computeGloss() {
    const q = gview.q, rows = [];
    for (let gi = 0; gi < G.length; gi++) {
      const e = G[gi];
      if (gview.kind && (e[4] || "term") !== gview.kind) continue;
      if (gview.status === "unmarked" && gstatus[gi]) continue;
      if (gview.status === "approved" && gstatus[gi] !== 1) continue;
      if (gview.status === "rejected" && gstatus[gi] !== 2) continue;
      if (q && e[0].toLowerCase().indexOf(q) < 0 && !e[1].some((t) => t[0].toLowerCase().indexOf(q) >= 0)) continue;
      rows.push(gi);
    }
    const key = {
      rank: (gi) => gi, term: (gi) => G[gi][0], rendering: (gi) => (G[gi][1][0] || [""])[0].toLowerCase(),
      count: (gi) => G[gi][2], conf: gconf, kind: (gi) => G[gi][4] || "term", def: (gi) => (G[gi][5] ? 0 : 1),
      status: (gi) => gstatus[gi],
    }[gview.sort];
    const cmp = (a, b) => {
      const x = key(a), y = key(b);
      const c = typeof x === "string" ? x.localeCompare(y, "zh") : x - y;
      return c * gview.dir || a - b;
    };
    rows.sort(cmp);
    gview.rows = rows;
  }

  function unitsWithTerm(gi, limit) {
    const e = G[gi], out = [];
    const rens = e[1].map((t) => t[0].toLowerCase());
    let n = 0;
    for (let i = 0; i < N; i++) {
      if (U[i][ZH].indexOf(e[0]) < 0) continue;
      n++;
      if (out.length < limit) {
        const en = U[i][EN].toLowerCase();
        if (rens.some((r) => en.indexOf(r) >= 0) || n > limit * 4) out.push(i);
      }
    }
    return [out, n];
  }

  function glossRow(gi) {
    const e = G[gi], st = gstatus[gi];
    const cls = st === 1 ? "approved" : st === 2 ? "rejected" : "";
    const rens = e[1].map(([t, c, n], j) => `<span class="ren${goff.has(gi + ":" + j) ? " off" : ""}" data-j="${j}" title="confidence ${fmt(c)}, count ${n}; click to reject or keep this rendering">${esc(t)} <small>${n ? "×" + n : ""}</small></span>`).join("");
    const d = e[5];
    const def = d ? `<div lang="zh">${esc(d[0])}</div><div lang="en">${esc(d[1])}</div>` : "";
    const nex = (e[6] || []).length;
    return `<tr class="${cls}" data-g="${gi}"><td><button type="button" class="ex" title="example pairs">${gview.open.has(gi) ? "▾" : "▸"}</button><span lang="zh">${esc(e[0])}</span>${e[7] ? ` <span class="kind" title="${esc(e[7])}">ⓘ</span>` : ""}${nex ? ` <span class="kind">${nex} ex.</span>` : ""}</td>` +
      `<td>${rens}</td><td class="conf">${e[2]}</td><td class="conf" style="color:${color(gconf(gi), 32)}">${fmt(gconf(gi))}</td>` +
      `<td class="kind">${esc(e[4] || "term")}${e[3] ? `<br>${esc(e[3])}` : ""}</td><td class="def">${def}</td>` +
      `<td class="act"><button type="button" class="act-approve${st === 1 ? " on" : ""}" title="approve" aria-label="approve">✓</button>` +
      `<button type="button" class="act-reject${st === 2 ? " on" : ""}" title="reject" aria-label="reject">✗</button></td></tr>` +
      (gview.open.has(gi) ? examplesRow(gi) : "");
  }

  function examplesRow(gi) {
    const e = G[gi];
    let s = "";
    const pair = (src, zh, en) => { const [zr, er] = entryRanges(gi, zh, en); return `<div class="expair"><span class="src">${src}</span><div lang="zh">${highlight(zh, zr)}</div><div lang="en">${highlight(en, er)}</div></div>`; };
    const shown = new Set();
    for (const x of e[6] || []) {
      if (typeof x === "number") { shown.add(x); s += pair(`example of the glossary: unit <a class="more" data-jump="${x}">${x + 1}</a> · confidence ${fmt(U[x][SCORE])}`, U[x][ZH], U[x][EN]); }
      else s += pair("example of the glossary", x[0], x[1]);
    }
    const [units, n] = unitsWithTerm(gi, 6);
    for (const i of units.filter((k) => !shown.has(k)).slice(0, 5 - shown.size)) {
      s += pair(`unit <a class="more" data-jump="${i}">${i + 1}</a> · confidence ${fmt(U[i][SCORE])}`, U[i][ZH], U[i][EN]);
    }
    s += n ? `<div><a class="more" data-search="${esc(e[0])}">show all ${n} units with ${esc(e[0])} in the alignment</a></div>` : `<div class="hint">No unit of this alignment holds the term.</div>`;
    return `<tr class="examples" data-g="${gi}"><td colspan="7">${s}</td></tr>`;
  }

  function renderGloss() {
    if (!gview.rows) computeGloss();
    const rows = gview.rows, size = gview.size;
    gview.page = Math.max(0, Math.min(gview.page, Math.ceil(rows.length / size) - 1));
    const start = gview.page * size, end = Math.min(rows.length, start + size);
    const html = [];
    for (let k = start; k < end; k++) html.push(glossRow(rows[k]));
    if (!rows.length) html.push(`<tr><td colspan="7" class="hint">${G.length ? "No entry matches the filters." : "This folder has no glossary."}</td></tr>`);
    $("gloss-body").innerHTML = html.join("");
    const go = (p, s) => { gview.page = p; gview.size = s; renderGloss(); };
    renderPager($("pager-gloss"), rows.length, gview.page, size, go);
    renderPager($("pager-gloss-bottom"), rows.length, gview.page, size, go);
    for (const th of document.querySelectorAll("#gloss th.sortable")) {
      th.classList.toggle("asc", th.dataset.sort === gview.sort && gview.dir > 0);
      th.classList.toggle("desc", th.dataset.sort === gview.sort && gview.dir < 0);
    }
  }
  function refreshGlossRow(gi) {
    const body = $("gloss-body");
    body.querySelectorAll(`tr[data-g="${gi}"]`).forEach((tr, k) => { if (k) tr.remove(); });
    const tr = body.querySelector(`tr[data-g="${gi}"]`);
    if (tr) tr.outerHTML = glossRow(gi);
  }

  // --------------------------------------------------------------------------------- exporting
  const XML_INVALID = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
  const oneLine = (s) => s.replace(/[\t\r\n\u2028\u2029\x85]+/g, " ").trim();
  const xmlText = (s) => String(s).replace(XML_INVALID, "").replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" }[c]));
  const xmlAttr = (s) => xmlText(s).replace(/"/g, "&quot;");
  const seg = (s) => xmlText(oneLine(s.replace(XML_INVALID, "")));
  const clean = (s) => String(s).split(/\s+/).filter(Boolean).join(" ");

  // the reviewed units: groups of joined units; a group is left out when one of its units is marked
  // wrong, and, in "accepted" mode, unless one of its units is accepted
  function reviewedUnits(mode) {
    const out = [];
    for (let i = 0; i < N; i++) {
      const group = [i];
      while (join[group[group.length - 1]] && group[group.length - 1] + 1 < N) group.push(group[group.length - 1] + 1);
      i = group[group.length - 1];
      if (group.some((g) => status[g] === 2)) continue;
      if (mode === "accepted" && !group.some((g) => status[g] === 1)) continue;
      const zi = [].concat(...group.map((g) => U[g][ZI])), ei = [].concat(...group.map((g) => U[g][EI]));
      if (!zi.length || !ei.length) continue; // still unpaired: not a translation unit
      const zh = group.map((g) => U[g][ZH]).filter(Boolean).join(""), en = group.map((g) => U[g][EN]).filter(Boolean).join(" ");
      const scores = group.map((g) => U[g][SCORE]).filter((s) => s !== null);
      const review = group.length > 1 ? "joined" : status[i] === 1 ? "accepted" : "unmarked";
      const bead = group.length > 1 ? `${zi.length}-${ei.length}` : U[i][BEAD];
      const id = tuid[group[0]] || (group.map((g) => tuid[g]).find((t) => t) ?? 0);
      out.push({ zh, en, bead, score: scores.length ? Math.min(...scores) : 0, merged: zi.length > 1 || ei.length > 1, review, id, group });
    }
    return out;
  }

  function exportTmx(mode) {
    mode = mode || $("tmx-mode").value;
    const units = reviewedUnits(mode);
    let acc = 0, wr = 0, jn = 0;
    for (let i = 0; i < N; i++) { acc += status[i] === 1; wr += status[i] === 2; jn += join[i]; }
    const props = DATA.tmx.props.concat([["x-review", JSON.stringify({
      tool: "ipcorpus report", mode: mode === "accepted" ? "accepted" : "accepted+unmarked",
      accepted: acc, wrong: wr, joined: jn, units: units.length, date: new Date().toISOString().slice(0, 10),
    })]]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const lines = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
      '<tmx version="1.4">',
      `  <header creationtool="ipcorpus" creationtoolversion="${xmlAttr(DATA.tmx.version)}" datatype="plaintext" segtype="sentence" adminlang="en" srclang="zh-CN" o-tmf="ipcorpus">`,
    ];
    for (const [t, v] of props) lines.push(`    <prop type="${xmlAttr(oneLine(t))}">${seg(v)}</prop>`);
    lines.push("  </header>", "  <body>");
    let n = 0;
    for (const u of units) {
      n++;
      lines.push(`    <tu tuid="${u.id || "r" + n}">`,
        `      <prop type="x-score">${u.score.toFixed(4)}</prop>`,
        `      <prop type="x-bead">${xmlText(u.bead)}</prop>`,
        `      <prop type="x-merged">${u.merged}</prop>`,
        `      <prop type="x-review">${u.review}</prop>`,
        `      <tuv xml:lang="zh-CN"><seg>${seg(u.zh)}</seg></tuv>`,
        `      <tuv xml:lang="en"><seg>${seg(u.en)}</seg></tuv>`,
        "    </tu>");
    }
    lines.push("  </body>", "</tmx>");
    return { text: lines.join("\n") + "\n", count: units.length };
  }

  // the reviewed glossary: approved entries (and unmarked ones in "unmarked" mode) with their kept renderings
  function reviewedGlossary(mode) {
    const out = [];
    G.forEach((e, gi) => {
      if (gstatus[gi] === 2 || (mode !== "unmarked" && gstatus[gi] !== 1)) return;
      const tr = e[1].filter((t, j) => !goff.has(gi + ":" + j) && clean(t[0]));
      if (tr.length && clean(e[0])) out.push({ e, gi, tr, review: gstatus[gi] === 1 ? "approved" : "unreviewed" });
    });
    return out;
  }

  function exportTsv(mode) {
    const rows = reviewedGlossary(mode || $("gl-mode").value), lines = [];
    for (const { e, tr, review } of rows) for (const [t, c, n] of tr) {
      const parts = [`confidence ${Number(c).toFixed(2)}`, `count ${n}`, `frequency ${e[2]}`];
      if (e[3]) parts.push(clean(e[3]));
      if (e[4] && e[4] !== "term") parts.push(`kind: ${clean(e[4])}`);
      parts.push(review);
      if (e[5]) parts.push(`definition: ${clean(e[5][0])} / ${clean(e[5][1])}`);
      lines.push(`${clean(e[0])}\t${clean(t)}\t${parts.join("; ").replace(/\t/g, " ")}`);
    }
    return { text: lines.join("\n") + (lines.length ? "\n" : ""), count: rows.length };
  }

  // TBX v3 (ISO 30042:2019), TBX-Basic, DCA style: the layout of ipcorpus/terms/formats/tbx.py
  function exportTbx(mode) {
    mode = mode || $("gl-mode").value;
    const rows = reviewedGlossary(mode);
    const meta = Object.assign({}, DATA.gmeta || {}, {
      review: { tool: "ipcorpus report", mode: mode === "unmarked" ? "approved+unmarked" : "approved", entries: rows.length, date: new Date().toISOString().slice(0, 10) },
    });
    const L = [
      "<?xml version='1.0' encoding='UTF-8'?>",
      '<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">',
      "  <tbxHeader>", "    <fileDesc>", "      <titleStmt>", "        <title>ipcorpus glossary</title>", "      </titleStmt>",
      "      <sourceDesc>", `        <p>${xmlText("ipcorpus " + JSON.stringify(meta))}</p>`, "      </sourceDesc>",
      "    </fileDesc>", "  </tbxHeader>", "  <text>", "    <body>",
    ];
    const el = (ind, tag, text, attrs) => L.push(`${" ".repeat(ind)}<${tag}${attrs ? " " + attrs : ""}>${xmlText(clean(text))}</${tag}>`);
    rows.forEach(({ e, tr, review }, k) => {
      L.push(`      <conceptEntry id="c${k + 1}">`);
      if (e[3]) el(8, "admin", e[3], 'type="source"');
      if (e[4] && e[4] !== "term") el(8, "note", `kind: ${e[4]}`);
      if (e[7] && clean(e[7])) el(8, "note", e[7]);
      el(8, "note", `reviewed: ${review}`);
      const d = e[5], ex0 = (e[6] || [])[0], ex = typeof ex0 === "number" ? [U[ex0][ZH], U[ex0][EN]] : ex0;
      L.push('        <langSec xml:lang="zh">');
      if (d && clean(d[0])) el(10, "descrip", d[0], 'type="definition"');
      L.push("          <termSec>");
      el(12, "term", e[0]);
      if (e[4] === "abbreviation") el(12, "termNote", "abbreviation", 'type="termType"');
      el(12, "termNote", "preferredTerm-admn-sts", 'type="administrativeStatus"');
      if (ex && clean(ex[0])) el(12, "descrip", ex[0], 'type="context"');
      el(12, "note", `frequency ${e[2]}`);
      L.push("          </termSec>", "        </langSec>", '        <langSec xml:lang="en">');
      if (d && clean(d[1])) el(10, "descrip", d[1], 'type="definition"');
      tr.forEach(([t, c, n], j) => {
        L.push("          <termSec>");
        el(12, "term", t);
        el(12, "termNote", j === 0 ? "preferredTerm-admn-sts" : "admittedTerm-admn-sts", 'type="administrativeStatus"');
        if (j === 0 && ex && clean(ex[1])) el(12, "descrip", ex[1], 'type="context"');
        el(12, "note", `confidence ${Number(c).toFixed(4)}; count ${n}`);
        L.push("          </termSec>");
      });
      L.push("        </langSec>", "      </conceptEntry>");
    });
    L.push("    </body>", "  </text>", "</tbx>");
    return { text: L.join("\n") + "\n", count: rows.length };
  }

  function emptyGlossaryMessage() {
    return $("gl-mode").value === "approved"
      ? "No approved glossary entry: approve some (✓ in the Glossary tab), or choose 'approved + unmarked entries'."
      : "No glossary entry to export (all rejected, or no glossary).";
  }

  // ----------------------------------------------------------------------------------- settings
  function settings() {
    const scalar = (v) => (v !== null && typeof v === "object" ? `<code>${esc(JSON.stringify(v))}</code>` : esc(v));
    const block = (title, meta) => {
      if (!meta) return "";
      let s = `<h2>${title}</h2><dl>`;
      for (const [k, v] of Object.entries(meta)) {
        if (k === "config" && v && typeof v === "object") {
          s += `<dt>${esc(k)}</dt><dd><details><summary>${Object.keys(v).length} settings</summary><div class="cfg">` +
            Object.entries(v).map(([a, b]) => `<span><b>${esc(a)}</b>=${scalar(b)}</span>`).join("") + `</div></details></dd>`;
        } else s += `<dt>${esc(k)}</dt><dd>${scalar(v)}</dd>`;
      }
      return s + "</dl>";
    };
    $("settings").innerHTML = block("Alignment (settings signature from alignment.jsonl)", DATA.meta) +
      block("Glossary", DATA.gmeta) +
      `<h2>Report</h2><dl><dt>made from</dt><dd>${esc(DATA.files.join(", "))}</dd><dt>review key</dt><dd><code>${esc(DATA.key)}</code> (the review is kept in this browser's local storage under this key)</dd></dl>`;
  }

  // ------------------------------------------------------------------------------------- wiring
  function showTab(name) {
    for (const b of document.querySelectorAll(".tabs button")) b.classList.toggle("on", b.dataset.tab === name);
    $("tab-align").hidden = name !== "align";
    $("tab-gloss").hidden = name !== "gloss";
    if (name === "gloss") renderGloss();
    else if (showTab.current === "gloss") drawAll(); // the window may have been resized meanwhile
    showTab.current = name;
  }

  function wire() {
    const debounce = (f, ms) => { let t = 0; return (...a) => { clearTimeout(t); t = setTimeout(() => f(...a), ms); }; };
    document.querySelector(".tabs").onclick = (ev) => { const b = ev.target.closest("button"); if (b) { showTab(b.dataset.tab); window.scrollTo({ top: 0 }); } };
    $("q").oninput = debounce(() => { view.q = $("q").value.trim().toLowerCase(); refilter(); }, 150);
    $("f-status").onchange = () => { view.status = $("f-status").value; refilter(); };
    $("f-bead").onchange = () => { view.bead = $("f-bead").value; refilter(); };
    $("sort").onchange = () => { view.sort = $("sort").value; refilter(); };
    $("f-range").onclick = (ev) => { if (ev.target.closest("button")) { view.range = null; showRange(); refilter(); } };
    $("units-body").onclick = (ev) => {
      const tr = ev.target.closest("tr[data-i]");
      if (!tr) return;
      const i = +tr.dataset.i;
      const b = ev.target.closest("button");
      if (b) {
        if (b.classList.contains("act-accept")) setStatus(i, 1);
        else if (b.classList.contains("act-wrong")) setStatus(i, 2);
        else if (b.classList.contains("act-join")) { join[i] ^= 1; refreshRow(i); updateCounts(); saveState(); }
        return;
      }
      const m = ev.target.closest("mark[data-g]");
      if (m) { const gi = +m.dataset.g; gview.q = G[gi][0].toLowerCase(); $("gq").value = G[gi][0]; gview.rows = null; gview.page = 0; gview.open.add(gi); showTab("gloss"); }
    };
    $("bulk-accept").onclick = () => {
      if (!view.rows) computeRows();
      let n = 0;
      for (const i of view.rows) if (status[i] !== 2 && paired(i)) { status[i] = 1; n++; }
      renderUnits(); updateCounts(); saveState(); toast(`${n} units accepted`);
    };
    $("bulk-clear").onclick = () => {
      if (!view.rows) computeRows();
      for (const i of view.rows) { status[i] = 0; join[i] = 0; }
      renderUnits(); updateCounts(); saveState();
    };
    // pictures
    for (const id of ["plot-path", "plot-ratio"]) {
      const c = $(id), tip = $("tooltip");
      c.onclick = (ev) => { const r = c.getBoundingClientRect(), i = nearest(c, ev.clientX - r.left, ev.clientY - r.top); if (i >= 0) jumpTo(i); };
      c.onmousemove = (ev) => {
        const r = c.getBoundingClientRect(), i = nearest(c, ev.clientX - r.left, ev.clientY - r.top);
        if (i < 0) { tip.hidden = true; return; }
        const u = U[i];
        tip.innerHTML = `<b>unit ${i + 1}</b> · ${esc(u[BEAD])} · confidence ${fmt(u[SCORE])}` +
          (Number.isFinite(ratio[i]) ? ` · ratio ×${(2 ** ratio[i]).toFixed(2)}` : "") +
          `<br>${esc(u[ZH].slice(0, 60) || "—")}<br>${esc(u[EN].slice(0, 100) || "—")}`;
        tip.hidden = false;
        tip.style.left = Math.min(window.innerWidth - 430, ev.clientX + 12) + "px";
        tip.style.top = ev.clientY + 12 + "px";
      };
      c.onmouseleave = () => { tip.hidden = true; };
    }
    $("plot-hist").onclick = (ev) => {
      const b = ev.target.closest("rect[data-lo]");
      if (!b) return;
      view.range = [+b.dataset.lo - 1e-9, +b.dataset.hi === 1 ? 1.0001 : +b.dataset.hi - 1e-9];
      showRange(); showTab("align"); refilter(); $("units").scrollIntoView();
    };
    $("plot-beads").onclick = (ev) => {
      const b = ev.target.closest("rect[data-bead]");
      if (!b) return;
      view.bead = b.dataset.bead; $("f-bead").value = view.bead; showTab("align"); refilter(); $("units").scrollIntoView();
    };
    let resizeTimer = 0;
    window.addEventListener("resize", () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(() => { drawAll(); headerHeight(); }, 200); });
    // glossary
    $("gq").oninput = debounce(() => { gview.q = $("gq").value.trim().toLowerCase(); gview.rows = null; gview.page = 0; renderGloss(); }, 150);
    $("g-status").onchange = () => { gview.status = $("g-status").value; gview.rows = null; gview.page = 0; renderGloss(); };
    $("g-kind").onchange = () => { gview.kind = $("g-kind").value; gview.rows = null; gview.page = 0; renderGloss(); };
    document.querySelector("#gloss thead").onclick = (ev) => {
      const th = ev.target.closest("th[data-sort]");
      if (!th) return;
      const k = th.dataset.sort;
      gview.dir = gview.sort === k ? -gview.dir : (["count", "conf", "status"].includes(k) ? -1 : 1);
      gview.sort = k; gview.rows = null; renderGloss();
    };
    $("gloss-body").onclick = (ev) => {
      const a = ev.target.closest("a[data-jump], a[data-search]");
      if (a) {
        if (a.dataset.jump) jumpTo(+a.dataset.jump);
        else { view.q = a.dataset.search.toLowerCase(); $("q").value = a.dataset.search; showTab("align"); refilter(); $("units").scrollIntoView(); }
        return;
      }
      const tr = ev.target.closest("tr[data-g]");
      if (!tr) return;
      const gi = +tr.dataset.g;
      const b = ev.target.closest("button");
      const ren = ev.target.closest(".ren");
      if (b && b.classList.contains("ex")) { gview.open.has(gi) ? gview.open.delete(gi) : gview.open.add(gi); refreshGlossRow(gi); return; }
      if (b && (b.classList.contains("act-approve") || b.classList.contains("act-reject"))) {
        const s = b.classList.contains("act-approve") ? 1 : 2;
        gstatus[gi] = gstatus[gi] === s ? 0 : s;
      } else if (ren) {
        const k = gi + ":" + ren.dataset.j;
        goff.has(k) ? goff.delete(k) : goff.add(k);
      } else return;
      refreshGlossRow(gi); updateCounts(); saveState();
    };
    $("g-bulk-approve").onclick = () => { if (!gview.rows) computeGloss(); for (const gi of gview.rows) if (gstatus[gi] !== 2) gstatus[gi] = 1; renderGloss(); updateCounts(); saveState(); };
    $("g-bulk-clear").onclick = () => { if (!gview.rows) computeGloss(); for (const gi of gview.rows) gstatus[gi] = 0; renderGloss(); updateCounts(); saveState(); };
    // export
    $("dl-tmx").onclick = () => {
      const { text, count } = exportTmx();
      if (!count) { toast("No unit to export: every unit is marked wrong, or none is accepted."); return; }
      download("memory-reviewed.tmx", text, "application/x-tmx+xml");
      toast(`memory-reviewed.tmx: ${count} units`);
    };
    $("dl-tsv").onclick = () => {
      const { text, count } = exportTsv();
      if (!count) { toast(emptyGlossaryMessage()); return; }
      download("glossary-reviewed.tsv", text, "text/tab-separated-values");
      toast(`glossary-reviewed.tsv: ${count} entries`);
    };
    $("dl-tbx").onclick = () => {
      const { text, count } = exportTbx();
      if (!count) { toast(emptyGlossaryMessage()); return; }
      download("glossary-reviewed.tbx", text, "application/x-tbx+xml");
      toast(`glossary-reviewed.tbx: ${count} entries`);
    };
  }

  function headerHeight() { document.documentElement.style.setProperty("--header-h", $("top").offsetHeight + "px"); }

  // ---------------------------------------------------------------------------------------- init
  function init() {
    document.title = document.title || DATA.title;
    $("title").textContent = DATA.title;
    let np = 0, sum = 0, low = 0;
    for (let i = 0; i < N; i++) if (paired(i) && U[i][SCORE] !== null) { np++; sum += U[i][SCORE]; low += U[i][SCORE] < 0.5; }
    const outl = Array.from({ length: N }, (_, i) => outlier(i)).filter(Boolean).length;
    $("stats").innerHTML = `<b>${np}</b> units · <b>${N - np}</b> unpaired · mean confidence <b>${np ? (sum / np).toFixed(2) : "–"}</b> · ` +
      `<b>${low}</b> below 0.5 · <b>${outl}</b> length outliers · <b>${DATA.n.zh}</b>/<b>${DATA.n.en}</b> sentences zh/en` +
      (G.length ? ` · <b>${G.length}</b> glossary terms` : "");
    $("gloss-count").textContent = G.length ? `(${G.length})` : "";
    const beads = [...new Set(U.map((u) => u[BEAD]))].sort();
    $("f-bead").insertAdjacentHTML("beforeend", beads.map((b) => `<option>${esc(b)}</option>`).join(""));
    const kinds = [...new Set(G.map((e) => e[4] || "term"))].sort();
    $("g-kind").insertAdjacentHTML("beforeend", kinds.map((k) => `<option>${esc(k)}</option>`).join(""));
    loadState();
    headerHeight();
    legend();
    wire();
    updateCounts();
    renderUnits();
    drawAll();
    settings();
    window.ipcReport = { exportTmx, exportTsv, exportTbx, reviewedUnits, status, join, gstatus, jumpTo, N };
    const total = performance.now() - T0;
    document.documentElement.dataset.ready = "1";
    document.documentElement.dataset.timing = JSON.stringify({ parse: Math.round(T_PARSE), init: Math.round(total) });
  }
  init();
})();
