// The page of `kg serve` (kg/web.py): saved questions, asking in words, SPARQL, results, graph.
//
// In the address: ?ask=QUESTION asks on load, ?run=NAME&param=KEY=VALUE&filter=COLUMN=VALUE
// runs a saved query, ?sparql=TEXT runs SPARQL,
// ?open=N (0 = the first row) then opens the source sentences of row N.
// When a request is done <body> says data-state="done" (or "error") and data-rows=N.
(function () {
  "use strict";

  var COLUMN_NAMES = {
    person: "Họ tên", rank: "Cấp bậc", position: "Chức vụ", organization: "Tổ chức", source: "Bài",
    post: "Đồn Biên phòng", branch: "Chi bộ", commune: "Xã", district: "Huyện", province: "Tỉnh",
    members: "Số đảng viên", code: "Số hiệu", kind: "Loại văn bản", issuer: "Cơ quan ban hành",
    date: "Ngày", document: "Bài", title: "Tiêu đề", author: "Tác giả", place: "Địa danh",
    type: "Loại", parent: "Thuộc", subject: "Đối tượng", measure: "Chỉ số", value: "Giá trị", year: "Năm"
  };
  var $ = function (id) { return document.getElementById(id); };
  var saved = {};  // name -> saved query
  var current = null;  // the result shown: {columns, rows, evidence, iris, ...}
  var sort = {column: -1, down: false};
  var opened = new Set();  // rows (by their index in current.rows) whose sentences show
  var sequence = 0;  // the latest request: older answers arriving late are dropped
  var openOnLoad = new URLSearchParams(location.search).get("open");  // ?open=N

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }
  function h(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "html") e.innerHTML = attrs[k];
      else if (k.slice(0, 2) === "on") e.addEventListener(k.slice(2), attrs[k]);
      else if (attrs[k] !== null && attrs[k] !== undefined) e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  function state(s, rows) {
    document.body.setAttribute("data-state", s);
    if (rows !== undefined) document.body.setAttribute("data-rows", rows);
  }
  function getJSON(url) {
    return fetch(url, {headers: {Accept: "application/json"}}).then(function (r) {
      return r.json().catch(function () { return {error: "HTTP " + r.status}; }).then(function (body) {
        body.httpStatus = r.status;
        return body;
      });
    });
  }
  function paramQuery(params, filters) {
    var pairs = function (kind, obj) {
      return Object.keys(obj || {}).map(function (k) {
        return "&" + kind + "=" + encodeURIComponent(k + "=" + obj[k]);
      }).join("");
    };
    return pairs("param", params) + pairs("filter", filters);
  }
  function setAddress(search) {
    try { history.replaceState(null, "", search ? "?" + search : location.pathname); } catch (e) { /* file: */ }
  }

  // ------------------------------------------------------------ messages
  function message(text, kind, closest) {
    var box = $("message");
    box.className = kind || "";
    box.innerHTML = "";
    box.appendChild(h("div", {text: text}));
    if (closest && closest.length) {
      box.appendChild(h("div", {text: "Các câu hỏi đã lưu gần nhất:"}));
      var ul = h("ul");
      closest.forEach(function (name) {
        var q = saved[name];
        ul.appendChild(h("li", {}, [h("a", {href: "?run=" + encodeURIComponent(name), "data-run": name,
          onclick: function (evt) { evt.preventDefault(); runSaved(name, {}); },
          text: q ? (q.question_vi || q.title) : name})]));
      });
      box.appendChild(ul);
    }
    box.hidden = false;
  }
  function clearMessage() { $("message").hidden = true; }

  // ------------------------------------------------------------ the saved questions
  function loadQueries() {
    return getJSON("/api/queries").then(function (list) {
      var ul = $("query-list");
      ul.innerHTML = "";
      if (!Array.isArray(list)) { ul.appendChild(h("li", {text: list.error || "?"})); return; }
      list.forEach(function (q) {
        saved[q.name] = q;
        var button = h("button", {type: "button", "class": "saved", "data-name": q.name,
          title: "Chạy " + q.name, onclick: function () { runSaved(q.name, {}); }}, [
          h("div", {"class": "title", text: q.title || q.name}),
          h("div", {"class": "vi", lang: "vi", text: q.question_vi}),
          h("div", {"class": "en", lang: "en", text: q.question_en}),
          q.params.length ? h("div", {"class": "params", text: "tham số: " + q.params.join(", ")}) : null
        ]);
        ul.appendChild(h("li", {"data-name": q.name}, [button]));
      });
      if (!$("sparql").value && list.length) $("sparql").value = exampleSparql();
    });
  }
  function exampleSparql() {
    return "PREFIX kg: <https://w3id.org/kgbp/ontology#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n" +
      "PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>\n\n" +
      "# Đồn Biên phòng và câu nhắc đến đồn\nSELECT ?post (GROUP_CONCAT(DISTINCT STR(?s); separator=\" \") AS ?_evidence)\n" +
      "WHERE {\n  ?p a kg:BorderPost ; skos:prefLabel ?post .\n  OPTIONAL { ?s kg:names ?p }\n}\nGROUP BY ?post\nORDER BY ?post\n";
  }
  function markActive(name) {
    document.querySelectorAll("#query-list li").forEach(function (li) {
      li.classList.toggle("active", li.getAttribute("data-name") === name);
    });
  }

  // ------------------------------------------------------------ asking and running
  function begin() {
    sequence += 1;
    state("loading");
    clearMessage();
    return sequence;
  }
  function ask(question) {
    question = question.trim();
    if (!question) return Promise.resolve();
    $("ask").value = question;
    setAddress("ask=" + encodeURIComponent(question));
    var mine = begin();
    return getJSON("/api/ask?q=" + encodeURIComponent(question)).then(function (answer) {
      if (mine !== sequence) return;
      if (answer.error) {
        var text = answer.httpStatus === 501
          ? "Chưa hỏi bằng lời được (asking in words is not available). Hãy chọn một câu hỏi đã lưu."
          : answer.httpStatus === 404 ? "Không có câu hỏi đã lưu nào trả lời câu này (" + answer.error + ")."
          : "Lỗi: " + answer.error;
        return fail(text, answer.closest);
      }
      showSaved(answer);
    }, function (err) { if (mine === sequence) fail("Lỗi mạng: " + err); });
  }
  function runSaved(name, params, filters) {
    markActive(name);
    setAddress("run=" + encodeURIComponent(name) + paramQuery(params, filters));
    var mine = begin();
    return getJSON("/api/run?name=" + encodeURIComponent(name) + paramQuery(params, filters)).then(function (answer) {
      if (mine !== sequence) return;
      if (answer.error) return fail("Lỗi: " + answer.error, answer.closest);
      showSaved(answer);
    }, function (err) { if (mine === sequence) fail("Lỗi mạng: " + err); });
  }
  function fail(text, closest) {
    message(text, "error", closest);
    state("error");
  }
  function showSaved(answer) {
    markActive(answer.query);
    usedBar(answer);
    show({columns: answer.columns, rows: answer.rows, evidence: answer.evidence, total: answer.total},
         "/graph?name=" + encodeURIComponent(answer.query) + paramQuery(answer.params, answer.filters));
  }
  function usedBar(answer) {
    var bar = $("used"), q = saved[answer.query] || {params: []};
    bar.innerHTML = "";
    if (answer.question !== undefined) {
      bar.appendChild(h("div", {}, ["Câu hỏi: ", h("b", {text: "“" + answer.question + "”"}),
        typeof answer.score === "number" ? h("span", {"class": "muted", text: " · độ khớp " + answer.score.toFixed(2)}) : null]));
    }
    bar.appendChild(h("div", {}, ["Truy vấn đã dùng: ", h("b", {id: "used-query", "data-name": answer.query,
      text: answer.title || answer.query}), " ", h("code", {text: answer.query})]));
    var keys = Object.keys(answer.params || {});
    bar.appendChild(h("div", {id: "used-params"}, ["Tham số: ",
      keys.length ? h("span", {}, keys.map(function (k) {
        return h("span", {"class": "param", "data-key": k}, [h("code", {text: k}), " = ", h("b", {text: answer.params[k]}), " "]);
      })) : h("span", {"class": "muted", text: "không có"})]));
    var filters = Object.keys(answer.filters || {});
    if (filters.length) {
      bar.appendChild(h("div", {id: "used-filters"}, ["Chỉ giữ các dòng có: "].concat(filters.map(function (k) {
        return h("span", {"class": "filter", "data-key": k}, [h("code", {text: k}), " = ", h("b", {text: answer.filters[k]}), " "]);
      }))));
    }
    if (q.params && q.params.length) {  // edit the parameters and run again
      var inputs = {};
      var form = h("form", {"class": "param-form", onsubmit: function (evt) {
        evt.preventDefault();
        var params = {};
        Object.keys(inputs).forEach(function (k) { if (inputs[k].value.trim()) params[k] = inputs[k].value.trim(); });
        runSaved(answer.query, params, answer.filters);
      }});
      q.params.forEach(function (k) {
        inputs[k] = h("input", {name: k, placeholder: k, value: (answer.params || {})[k] || ""});
        form.appendChild(inputs[k]);
      });
      form.appendChild(h("button", {"class": "plain", type: "submit", text: "Chạy lại với tham số"}));
      bar.appendChild(h("div", {}, ["Đổi tham số: ", form]));
    }
    bar.appendChild(h("div", {}, [h("button", {"class": "plain", type: "button", text: "Xem SPARQL của truy vấn",
      onclick: function () { $("sparql").value = q.sparql || ""; $("sparql-box").open = true; $("sparql").focus(); }})]));
    if (answer.alternatives && answer.alternatives.length) {
      bar.appendChild(h("div", {"class": "alternatives"}, ["Hay ý bạn là: "].concat(answer.alternatives.map(function (name) {
        return h("button", {"class": "plain", type: "button", text: (saved[name] || {}).title || name,
          onclick: function () { runSaved(name, {}); }});
      }))));
    }
    bar.hidden = false;
  }

  // ------------------------------------------------------------ SPARQL
  function runSparql() {
    var text = $("sparql").value;
    if (!text.trim()) return Promise.resolve();
    markActive(null);
    var mine = begin();
    return fetch("/query", {method: "POST", body: text, headers: {
      "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json"}})
      .then(function (r) {
        var kind = r.headers.get("Content-Type") || "";
        return (kind.indexOf("json") >= 0 ? r.json() : r.text()).then(function (body) {
          if (mine !== sequence) return;
          if (!r.ok) return fail("Lỗi SPARQL: " + (body.error || body));
          var bar = $("used");
          bar.innerHTML = "";
          bar.appendChild(h("div", {text: "Truy vấn SPARQL của bạn (POST /query)"}));
          bar.hidden = false;
          if (typeof body === "string") return showRaw(body);
          if (body.boolean !== undefined) return showRaw("ASK: " + body["boolean"]);
          var vars = body.head.vars;
          var rows = body.results.bindings.map(function (b) {
            return vars.map(function (v) { return b[v] ? b[v].value : ""; });
          });
          var shown = vars.map(function (v, i) { return i; }).filter(function (i) { return vars[i][0] !== "_"; });
          var at = vars.indexOf("_evidence");
          show({columns: shown.map(function (i) { return vars[i]; }),
                rows: rows.map(function (row) { return shown.map(function (i) { return row[i]; }); }),
                iris: at >= 0 ? rows.map(function (row) { return row[at].split(/\s+/).filter(Boolean); }) : null},
               text.length < 6000 ? "/graph?query=" + encodeURIComponent(text) : null);
        });
      }, function (err) { if (mine === sequence) fail("Lỗi mạng: " + err); });
  }
  function showRaw(text) {
    current = null;
    $("results").hidden = false;
    $("table").hidden = true;
    $("raw").hidden = false;
    $("raw").textContent = text;
    $("count").textContent = "";
    $("graph-box").hidden = true;
    state("done", 0);
  }

  // ------------------------------------------------------------ the table
  function show(result, graphUrl) {
    current = result;
    sort = {column: -1, down: false};
    opened = new Set();
    $("results").hidden = false;
    $("table").hidden = false;
    $("raw").hidden = true;
    var n = result.rows.length;
    $("count").textContent = n + " dòng" + (result.total && result.total > n ? " (trong " + result.total + ")" : "");
    renderTable();
    var box = $("graph-box");
    if (graphUrl && n) {
      box.hidden = false;
      $("graph").src = graphUrl;
    } else {
      box.hidden = true;
      $("graph").removeAttribute("src");
    }
    state("done", n);
    var open = openOnLoad;
    openOnLoad = null;  // once, on load
    if (open !== null && /^\d+$/.test(open) && +open < n) toggle(+open);
  }
  function hasSources() { return !!(current && (current.evidence || current.iris)); }
  function sourceCount(i) {
    if (current.evidence && current.evidence[i]) return current.evidence[i].length;
    if (current.iris) return current.iris[i].length;
    return 0;
  }
  function renderTable() {
    var thead = $("table").tHead, tbody = $("table").tBodies[0];
    thead.innerHTML = "";
    tbody.innerHTML = "";
    var tr = h("tr");
    current.columns.forEach(function (c, i) {
      var arrow = sort.column === i ? (sort.down ? "▼" : "▲") : "";
      tr.appendChild(h("th", {title: "?" + c + " · nhấp để sắp xếp", "data-column": c,
        "aria-sort": sort.column === i ? (sort.down ? "descending" : "ascending") : "none",
        onclick: function () { sortBy(i); }}, [COLUMN_NAMES[c] || c, arrow ? h("span", {"class": "arrow", text: arrow}) : null]));
    });
    if (hasSources()) tr.appendChild(h("th", {"class": "nosort", text: "Câu nguồn"}));
    thead.appendChild(tr);
    order().forEach(function (i) {
      var row = current.rows[i];
      var cells = row.map(function (cell) { return h("td", {text: cell}); });
      if (hasSources()) {
        var count = sourceCount(i);
        cells.push(h("td", {"class": "evidence-cell"}, [count
          ? h("button", {"class": "plain toggle", type: "button", text: (opened.has(i) ? "▾ " : "▸ ") + count + " câu",
              onclick: function (evt) { evt.stopPropagation(); toggle(i); }})
          : h("span", {"class": "muted", text: "—"})]));
      }
      var tr = h("tr", {"class": "data" + (opened.has(i) ? " open" : ""), "data-row": i,
        onclick: function () { toggle(i); }}, cells);
      tbody.appendChild(tr);
      if (opened.has(i)) tbody.appendChild(sentencesRow(i, row.length + (hasSources() ? 1 : 0)));
    });
  }
  function order() {
    var idx = current.rows.map(function (_, i) { return i; });
    if (sort.column < 0) return idx;
    var c = sort.column, sign = sort.down ? -1 : 1;
    var collator = new Intl.Collator("vi", {numeric: true, sensitivity: "base"});
    idx.sort(function (a, b) {
      var x = current.rows[a][c], y = current.rows[b][c];
      var nx = Number(x), ny = Number(y);
      var diff = x !== "" && y !== "" && !isNaN(nx) && !isNaN(ny) ? nx - ny : collator.compare(x, y);
      return sign * diff || a - b;
    });
    return idx;
  }
  function sortBy(i) {
    sort = {column: i, down: sort.column === i ? !sort.down : false};
    renderTable();
  }
  function toggle(i) {
    if (!hasSources() || !sourceCount(i)) { highlight(i); return; }
    if (opened.has(i)) opened.delete(i); else opened.add(i);
    if (current.iris && !current.evidence) current.evidence = current.rows.map(function () { return null; });
    if (opened.has(i) && current.evidence[i] === null) {
      var url = "/api/sentences?" + current.iris[i].map(function (iri) { return "iri=" + encodeURIComponent(iri); }).join("&");
      var mine = current;
      getJSON(url).then(function (answer) {
        if (mine !== current) return;
        var found = answer.sentences || {};
        current.evidence[i] = current.iris[i].map(function (iri) { return found[iri]; }).filter(Boolean);
        renderTable();
      });
    }
    renderTable();
    highlight(i);
  }
  function sentencesRow(i, span) {
    var list = current.evidence ? current.evidence[i] : null;
    var td = h("td", {colspan: span});
    if (list === null || list === undefined) {
      td.appendChild(h("span", {"class": "muted", text: "Đang tải câu nguồn…"}));
    } else if (!list.length) {
      td.appendChild(h("span", {"class": "muted", text: "Không tìm thấy câu nguồn."}));
    }
    (list || []).forEach(function (e) {
      td.appendChild(h("blockquote", {"class": "sentence", "data-article": e.article}, [
        e.text, h("cite", {text: "bài " + e.article + " · ký tự " + e.start + "–" + e.end})]));
    });
    return h("tr", {"class": "sentences", "data-row": i}, [td]);
  }
  // mark the row's first entity in the graph (the graph page's own search box)
  function highlight(i) {
    try {
      var doc = $("graph").contentDocument, search = doc && doc.getElementById("search");
      if (!search) return;
      search.value = current.rows[i][0] || "";
      search.dispatchEvent(new Event("input"));
    } catch (e) { /* not loaded yet */ }
  }

  // ------------------------------------------------------------ start
  $("ask-form").addEventListener("submit", function (evt) { evt.preventDefault(); ask($("ask").value); });
  $("run-sparql").addEventListener("click", runSparql);
  $("sparql").addEventListener("keydown", function (evt) {
    if (evt.key === "Enter" && (evt.ctrlKey || evt.metaKey)) { evt.preventDefault(); runSparql(); }
  });
  var address = new URLSearchParams(location.search);
  loadQueries().then(function () {
    if (address.get("ask")) return ask(address.get("ask"));
    if (address.get("run")) {
      var pairs = function (kind) {
        var out = {};
        address.getAll(kind).forEach(function (pair) {
          var at = pair.indexOf("=");
          if (at > 0) out[pair.slice(0, at)] = pair.slice(at + 1);
        });
        return out;
      };
      return runSaved(address.get("run"), pairs("param"), pairs("filter"));
    }
    if (address.get("sparql")) {
      $("sparql").value = address.get("sparql");
      $("sparql-box").open = true;
      return runSparql();
    }
  }).catch(function (err) { fail("Không tải được trang: " + err); });
})();
