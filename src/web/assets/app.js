// dutygraph web UI: the network's filters and the SPARQL editor. Plain JavaScript, no
// libraries; every page works without it (links, forms), it only makes them quicker.
(function () {
  'use strict';
  document.documentElement.classList.add('js');
  var zh = document.documentElement.lang !== 'en';
  function T(z, e) { return zh ? z : e; }
  function words(s) { return (s || '').split(' ').filter(Boolean); }

  // ---- The network: dim what the filters leave out (the rule of svg::Highlight) ----------
  function graph() {
    var form = document.getElementById('graph-filter');
    var holder = document.getElementById('graph');
    if (!form || !holder) return;
    var svg = holder.querySelector('svg');
    if (!svg) return;
    var edges = Array.prototype.slice.call(svg.querySelectorAll('.dg-edge'));
    var nodes = Array.prototype.slice.call(svg.querySelectorAll('.dg-node'));
    var rows = Array.prototype.slice.call(document.querySelectorAll('details.edges tr[data-relation]'));
    var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name=rel]'));
    var select = form.querySelector('select[name=topic]');
    var status = document.getElementById('graph-status');
    var open = document.getElementById('graph-open');

    function apply() {
      var chosen = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      var all = chosen.length === boxes.length;
      var topic = select ? select.value : '';
      var lit = {};
      var shownEdges = 0;
      var match = function (el) {
        return (all || chosen.indexOf(el.getAttribute('data-relation')) >= 0) &&
          (!topic || words(el.getAttribute('data-topics')).indexOf(topic) >= 0);
      };
      edges.forEach(function (e) {
        var ok = match(e);
        e.classList.toggle('dg-dim', !ok);
        if (ok) {
          shownEdges += 1;
          lit[e.getAttribute('data-from')] = true;
          lit[e.getAttribute('data-to')] = true;
        }
      });
      rows.forEach(function (r) { r.hidden = !match(r); });
      var filtered = !all || topic;
      var shownNodes = 0;
      nodes.forEach(function (n) {
        var ok = !filtered || lit[n.getAttribute('data-node')] ||
          (topic && n.getAttribute('data-kind') === 'body' &&
            words(n.getAttribute('data-topics')).indexOf(topic) >= 0);
        n.classList.toggle('dg-dim', !ok);
        if (ok) shownNodes += 1;
      });
      if (status) {
        status.textContent = T('显示 ' + shownEdges + ' 条关系、' + shownNodes + ' 个节点',
          'Showing ' + shownEdges + ' relations and ' + shownNodes + ' nodes');
      }
      var url = new URLSearchParams();
      if (!all) chosen.forEach(function (c) { url.append('rel', c); });
      if (topic) url.set('topic', topic);
      var q = url.toString();
      history.replaceState(null, '', location.pathname + (q ? '?' + q : ''));
      if (open) {
        var file = new URLSearchParams();
        if (!all) file.set('relations', chosen.join(','));
        if (topic) file.set('topic', topic);
        if (!zh) file.set('lang', 'en');
        var f = file.toString();
        open.href = '/graph.svg' + (f ? '?' + f : '');
      }
    }
    form.addEventListener('change', apply);
    form.addEventListener('submit', function (ev) { ev.preventDefault(); apply(); });
    var reset = document.getElementById('graph-reset');
    if (reset) {
      reset.addEventListener('click', function () {
        boxes.forEach(function (b) { b.checked = true; });
        if (select) select.value = '';
        apply();
      });
    }
    var zoom = document.getElementById('graph-zoom');
    if (zoom) {
      zoom.addEventListener('click', function () {
        var on = holder.classList.toggle('zoomed');
        zoom.setAttribute('aria-pressed', on ? 'true' : 'false');
      });
    }
    apply();
  }

  // ---- The SPARQL editor ----------------------------------------------------------------
  function editor() {
    var form = document.getElementById('editor');
    if (!form) return;
    var text = document.getElementById('query');
    var pick = document.getElementById('example');
    var share = document.getElementById('share');
    var status = document.getElementById('status');
    var errorBox = document.getElementById('error');
    var results = document.getElementById('results');
    var examples = JSON.parse(document.getElementById('examples').textContent);
    var prefixes = JSON.parse(document.getElementById('prefixes').textContent);
    var endpoint = form.getAttribute('data-endpoint');
    var idBase = form.getAttribute('data-id-base');
    var topicBase = form.getAttribute('data-topic-base');

    function updateShare() {
      var path = '/editor?query=' + encodeURIComponent(text.value);
      share.value = location.origin + path;
      history.replaceState(null, '', path);
    }
    function clear() {
      errorBox.hidden = true;
      errorBox.textContent = '';
      results.textContent = '';
      status.textContent = '';
    }
    function fail(message, code) {
      status.textContent = code ? T('出错（HTTP ' + code + '）', 'Failed (HTTP ' + code + ')') : T('出错', 'Failed');
      errorBox.textContent = message;
      errorBox.hidden = false;
    }
    function post(accept) {
      return fetch(endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8',
          'Accept': accept
        },
        body: new URLSearchParams({ query: text.value })
      });
    }
    function compact(iri) {
      var best = null;
      Object.keys(prefixes).forEach(function (p) {
        var ns = prefixes[p];
        if (iri.indexOf(ns) === 0 && iri.length > ns.length && (!best || ns.length > prefixes[best].length)) best = p;
      });
      return best ? best + ':' + iri.slice(prefixes[best].length) : iri;
    }
    function page(iri) {
      if (iri.indexOf(idBase) === 0) {
        var rest = iri.slice(idBase.length);
        var at = rest.indexOf('/body/');
        if (at > 0 && rest.indexOf('/', at + 6) < 0) return '/body/' + rest.slice(0, at) + '/' + rest.slice(at + 6);
      }
      if (iri.indexOf(topicBase) === 0 && iri.length > topicBase.length) return '/topic/' + iri.slice(topicBase.length);
      return null;
    }
    function cell(term) {
      var td = document.createElement('td');
      if (!term) return td;
      if (term.type === 'uri') {
        var href = page(term.value);
        var el = document.createElement(href ? 'a' : 'code');
        if (href) el.href = href;
        el.textContent = compact(term.value);
        el.title = term.value;
        td.appendChild(el);
      } else if (term.type === 'bnode') {
        td.textContent = '_:' + term.value;
      } else {
        var span = document.createElement('span');
        span.textContent = term.value;
        if (term['xml:lang']) span.lang = term['xml:lang'];
        td.appendChild(span);
      }
      return td;
    }
    function table(data) {
      var vars = data.head.vars || [];
      var rows = data.results.bindings || [];
      var t = document.createElement('table');
      t.id = 'results-table';
      var head = t.createTHead().insertRow();
      vars.forEach(function (v) {
        var th = document.createElement('th');
        th.scope = 'col';
        th.textContent = v;
        head.appendChild(th);
      });
      var body = t.createTBody();
      rows.forEach(function (b) {
        var tr = body.insertRow();
        vars.forEach(function (v) { tr.appendChild(cell(b[v])); });
      });
      results.appendChild(t);
      return rows.length;
    }
    function run() {
      clear();
      status.textContent = T('正在运行…', 'Running…');
      var started = performance.now();
      updateShare();
      post('application/sparql-results+json, text/turtle;q=0.9').then(function (resp) {
        return resp.text().then(function (body) {
          if (!resp.ok) { fail(body, resp.status); return; }
          var ms = Math.round(performance.now() - started);
          var type = resp.headers.get('content-type') || '';
          if (type.indexOf('json') >= 0) {
            var data = JSON.parse(body);
            if (typeof data.boolean === 'boolean') {
              var p = document.createElement('p');
              p.className = 'boolean';
              p.textContent = data.boolean ? T('是（true）', 'true') : T('否（false）', 'false');
              results.appendChild(p);
              status.textContent = T('ASK 查询 · ', 'ASK query · ') + ms + ' ms';
            } else {
              var n = table(data);
              status.textContent = T(n + ' 行 · ' + ms + ' ms', n + ' rows · ' + ms + ' ms');
            }
          } else {
            var pre = document.createElement('pre');
            pre.textContent = body;
            results.appendChild(pre);
            status.textContent = T('图（Turtle）· ', 'Graph (Turtle) · ') + ms + ' ms';
          }
        });
      }).catch(function (e) { fail(String(e)); });
    }
    function download(kind) {
      var accept = kind === 'csv'
        ? 'text/csv, text/turtle;q=0.5'
        : 'application/sparql-results+json, application/ld+json;q=0.9';
      post(accept).then(function (resp) {
        if (!resp.ok) return resp.text().then(function (b) { fail(b, resp.status); });
        var type = resp.headers.get('content-type') || '';
        var ext = type.indexOf('csv') >= 0 ? 'csv' : type.indexOf('turtle') >= 0 ? 'ttl' : type.indexOf('ld+json') >= 0 ? 'jsonld' : 'json';
        return resp.blob().then(function (blob) {
          var a = document.createElement('a');
          a.href = URL.createObjectURL(blob);
          a.download = 'dutygraph-results.' + ext;
          document.body.appendChild(a);
          a.click();
          setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
        });
      }).catch(function (e) { fail(String(e)); });
    }

    pick.addEventListener('change', function () {
      if (examples[pick.value]) {
        text.value = examples[pick.value];
        clear();
        updateShare();
      }
    });
    text.addEventListener('input', function () {
      if (pick.value && examples[pick.value] !== text.value) pick.value = '';
    });
    text.addEventListener('keydown', function (ev) {
      if ((ev.ctrlKey || ev.metaKey) && ev.key === 'Enter') {
        ev.preventDefault();
        run();
      }
    });
    form.addEventListener('submit', function (ev) { ev.preventDefault(); run(); });
    document.getElementById('dl-csv').addEventListener('click', function () { download('csv'); });
    document.getElementById('dl-json').addEventListener('click', function () { download('json'); });
    document.getElementById('copy-share').addEventListener('click', function () {
      updateShare();
      share.select();
      if (navigator.clipboard) navigator.clipboard.writeText(share.value).catch(function () {});
      status.textContent = T('链接已复制', 'Link copied');
    });
    share.value = location.origin + share.value.replace(/^https?:\/\/[^/]+/, '');
    if (form.getAttribute('data-autorun') === 'true') run();
  }

  function start() { graph(); editor(); }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
