"""The report page's style sheet and script (:func:`analysis.report.html.html_page` writes them
inline): static text, no Python logic."""

CSS = """
body{font-family:tifa-cjk,"Noto Sans CJK SC",sans-serif;color:#1f2933;margin:0 auto;max-width:1180px;padding:0 18px 60px;font-size:14px;line-height:1.55;overflow-wrap:anywhere}
h1{color:#b03a2e;font-weight:normal;margin:24px 0 4px}h2{color:#b03a2e;font-weight:normal;border-bottom:1px solid #cbd2d9;margin-top:36px}
.muted{color:#52606d;font-size:12.5px}.cover td{padding:1px 14px 1px 0}
.scroll{max-height:520px;overflow:auto;border:1px solid #e4e7eb}table.data thead th{position:sticky;top:0;background:#fff}
table.data{border-collapse:collapse;width:100%;font-size:12.5px}table.data th{cursor:pointer;text-align:left;border-bottom:1.5px solid #1f2933;padding:3px 6px;white-space:nowrap;user-select:none}
table.data td{border-bottom:1px solid #e4e7eb;padding:2px 6px;vertical-align:top}table.data tr.sig td{background:#fbeeec}
input.filter,input#search{font-family:tifa-cjk,"Noto Sans CJK SC","Noto Sans CJK TC","PingFang TC","Microsoft JhengHei",sans-serif;font-size:inherit;padding:4px 8px;border:1px solid #9aa5b1;border-radius:3px;width:320px;margin:6px 0}
.kw{color:#b03a2e;font-weight:bold}.where{white-space:nowrap;color:#52606d;font-size:12px}nav a{margin-right:12px;color:#1f618d}
.chart{margin:12px 0 28px}
"""

JS = r"""
(function(){
"use strict";
const D = JSON.parse(document.getElementById("tifa-data").textContent);
window.TIFA = D;
const $ = (id) => document.getElementById(id);
function esc(s){return String(s).replace(/[&<>"]/g, c => ({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c]));}
// ---- tables: sort by a click on a header, filter by any cell
const LIMIT = 500;
function renderTable(name){
  const T = D.tables[name], st = T.state;
  const q = st.filter.trim().toLowerCase();
  let rows = T.rows;
  if (q) rows = rows.filter(r => r.some(c => c.toLowerCase().includes(q)));
  if (st.col >= 0) {
    const c = st.col, num = rows.every(r => r[c] === "" || !isNaN(Number(r[c])));
    rows = rows.slice().sort((a, b) => {
      const x = num ? (a[c] === "" ? -Infinity : Number(a[c])) : a[c];
      const y = num ? (b[c] === "" ? -Infinity : Number(b[c])) : b[c];
      return (x < y ? -1 : x > y ? 1 : 0) * st.dir;
    });
  }
  const sig = T.columns.indexOf("significant");
  const body = rows.slice(0, LIMIT).map(r => "<tr" + (sig >= 0 && r[sig] === "true" ? ' class="sig"' : "") + ">" +
    r.map(c => "<td>" + esc(c) + "</td>").join("") + "</tr>").join("");
  $("tbody-" + name).innerHTML = body;
  $("count-" + name).textContent = rows.length + " / " + T.rows.length + (rows.length > LIMIT ? " (" + LIMIT + " shown)" : "");
}
for (const name of Object.keys(D.tables)) {
  const T = D.tables[name];
  T.state = {col: -1, dir: 1, filter: ""};
  $("thead-" + name).innerHTML = "<tr>" + T.columns.map((c, i) => '<th data-col="' + i + '">' + esc(c) + "</th>").join("") + "</tr>";
  $("thead-" + name).addEventListener("click", e => {
    const th = e.target.closest("th"); if (!th) return;
    const c = Number(th.dataset.col);
    T.state.dir = T.state.col === c ? -T.state.dir : 1; T.state.col = c; renderTable(name);
  });
  $("filter-" + name).addEventListener("input", e => { T.state.filter = e.target.value; renderTable(name); });
  renderTable(name);
}
// ---- search: every use of a word in every paragraph, as `tifa kwic` lists them
const W = D.kwic_width;
function lineAt(p, off){ let line = p[3]; for (const [s, ln] of p[4]) { if (s > off) break; line = ln; } return line; }
function search(q){
  const hits = [];
  if (!q) return hits;
  if (D.search.mode === "full") {
    for (const p of D.search.paragraphs) {
      const text = p[2];
      let s = text.indexOf(q);
      while (s >= 0) {
        hits.push([p[0], p[1], lineAt(p, s), text.slice(Math.max(0, s - W), s), text.slice(s + q.length, s + q.length + W)]);
        s = text.indexOf(q, s + q.length);
      }
    }
  } else {
    for (const h of (D.search.uses[q] || [])) hits.push(h);
  }
  return hits;
}
// ---- the query normalised as `tifa kwic` does (ingest.normalize_line, then OpenCC t2s)
const R = D.query;
const ANSI = /\x1b\[[0-?]*[ -\/]*[@-~]/g;
const PUNCT = new RegExp("(?<=[" + R.cjk + "])[,:;!?()]|[,:;!?()](?=[" + R.cjk + "])", "g");
const STOP = new RegExp("(?<=[" + R.han + "])\\.(?=$|[ " + R.han + "”’」』）])", "gm");
const HASHAN = new RegExp("[" + R.han + "]");
function normalise(q){
  q = q.replace(ANSI, "");
  q = Array.from(q, c => (c in R.map ? R.map[c] : c)).join("");
  q = q.replace(PUNCT, c => R.full[c]).replace(STOP, "。").replace(/[ \u3000]+/g, " ");
  q = q.split("\n").map(line => {
    if (line.includes('"') && (line.split('"').length - 1) % 2 === 0 && HASHAN.test(line)) {
      const parts = line.split('"');
      line = parts[0] + parts.slice(1).map((p, i) => "“”"[i % 2] + p).join("");
    }
    return line.replace(/^[\s\u0085\u001c-\u001f]+|[\s\u0085\u001c-\u001f]+$/g, "");
  }).join("\n");
  return Array.from(q, c => R.t2s[c] || c).join("");
}
window.TIFA.normalise = normalise;
function showSearch(){
  const q = normalise($("search").value);
  const hits = search(q);
  $("search-count").textContent = q ? (hits.length ? D.labels.hits.replace("{n}", hits.length) : D.labels.none) : "";
  $("search-results").innerHTML = hits.slice(0, 2000).map((h, i) => {
    const a = D.articles[h[0]];
    return '<tr class="hit"><td>' + (i + 1) + '</td><td>' + esc(h[3]) + '<span class="kw">' + esc(q) + "</span>" + esc(h[4]) +
      "</td><td>" + esc(h[1]) + "</td><td>" + esc(a.label) + '</td><td class="where">' + esc(a.file + ":" + h[2]) + "</td></tr>";
  }).join("");
}
$("search").addEventListener("input", showSearch);
const hash = decodeURIComponent(location.hash.replace(/^#q=/, ""));
if (location.hash.startsWith("#q=")) { $("search").value = hash; showSearch(); }
})();
"""
