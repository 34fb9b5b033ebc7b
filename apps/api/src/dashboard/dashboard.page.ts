/**
 * The public dashboard: the plan's commitments with their status, progress and timeline, the
 * per-pillar and per-institution views, overdue milestones, the transfer queue and a chart of
 * milestones completed per month, read from the public API and updated live from the plan's
 * Server-Sent Events. In Spanish, with an English switch; no login; usable by keyboard and on a
 * phone-sized screen.
 */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hitos · Compromisos de Gobierno Abierto</title>
<link rel="icon" href="data:,">
<style>
  body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1d2733; }
  h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
  h3 { font-size: 1rem; margin: .25rem 0 .5rem; }
  table { border-collapse: collapse; width: 100%; margin-bottom: 1rem; }
  th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid #dde3ea; vertical-align: top; }
  td { overflow-wrap: break-word; hyphens: auto; }
  li { overflow-wrap: anywhere; }
  .bar { background: #e6ebf1; border-radius: 4px; height: .8rem; width: 100%; max-width: 10rem; min-width: 3rem; }
  .bar > span { display: block; height: 100%; background: #1f7a4d; border-radius: 4px; }
  .muted { color: #5b6b7c; font-size: .9rem; }
  .num { white-space: nowrap; }
  button { font: inherit; }
  button.toggle { margin-top: .3rem; padding: .25rem .6rem; min-height: 2rem; border: 1px solid #9aa8b6; border-radius: 4px; background: #f5f7fa; color: #1d2733; cursor: pointer; }
  button.toggle .chev::before { content: "▸ "; }
  button.toggle[aria-expanded="true"] .chev::before { content: "▾ "; }
  button:focus-visible, a:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
  tr.timeline-row > td { background: #f7f9fb; }
  ol.timeline { margin: 0; padding-left: 1.25rem; }
  ol.timeline li { margin: .3rem 0; }
  ol.timeline time { display: block; color: #5b6b7c; font-size: .85rem; }
  .overdue-days { color: #a51d2d; font-weight: 600; }
  .party { margin-top: .3rem; font-size: .9rem; }
  @media (max-width: 480px) {
    body { margin: 1rem auto; padding: 0 .5rem; }
    th, td { padding: .35rem .25rem; }
    #commitments th:first-child, #commitments tr.commitment td:first-child { display: none; }
  }
</style>
</head>
<body>
<header>
<h1 data-es="Compromisos del plan de acción" data-en="Action plan commitments">Compromisos del plan de acción</h1>
<p class="muted"><button id="lang" type="button" lang="en">English</button> ·
  <a href="/docs">API (OpenAPI)</a> · <a href="/health" data-es="Salud" data-en="Health">Salud</a></p>
<p id="last-change" class="muted" aria-live="polite"></p>
</header>
<main>
<table id="commitments">
  <thead><tr><th>#</th><th data-es="Compromiso" data-en="Commitment">Compromiso</th>
  <th data-es="Estado" data-en="Status">Estado</th><th data-es="Avance" data-en="Progress">Avance</th></tr></thead>
  <tbody id="rows"><tr><td colspan="4" data-es="Cargando…" data-en="Loading…">Cargando…</td></tr></tbody>
</table>
<section id="overdue" aria-labelledby="overdue-title">
<h2 id="overdue-title" data-es="Hitos vencidos" data-en="Overdue milestones">Hitos vencidos</h2>
<p id="overdue-summary" class="muted" aria-live="polite" data-es="Cargando…" data-en="Loading…">Cargando…</p>
<table id="overdue-table" hidden>
  <thead><tr><th data-es="Compromiso e hito" data-en="Commitment and milestone">Compromiso e hito</th>
  <th data-es="Fecha límite" data-en="Due date">Fecha límite</th>
  <th data-es="Días de atraso" data-en="Days overdue">Días de atraso</th></tr></thead>
  <tbody id="overdue-rows"></tbody>
</table>
</section>
<section id="transfers" aria-labelledby="transfers-title">
<h2 id="transfers-title" data-es="Cola de transferencias" data-en="Transfer queue">Cola de transferencias</h2>
<p id="transfers-summary" class="muted" aria-live="polite" data-es="Cargando…" data-en="Loading…">Cargando…</p>
<table id="transfers-table" hidden>
  <thead><tr><th data-es="Compromiso e instituciones" data-en="Commitment and institutions">Compromiso e instituciones</th>
  <th data-es="Estado" data-en="Status">Estado</th></tr></thead>
  <tbody id="transfer-rows"></tbody>
</table>
</section>
<section id="log" aria-labelledby="log-title">
<h2 id="log-title" data-es="Registro verificable" data-en="Verifiable log">Registro verificable</h2>
<p class="muted"><span data-es="Cada punto de control firma el historial completo; cualquiera puede comprobarlo con herramientas estándar (RFC 6962)." data-en="Each checkpoint signs the whole history; anyone can check it with standard tools (RFC 6962).">Cada punto de control firma el historial completo; cualquiera puede comprobarlo con herramientas estándar (RFC 6962).</span>
<a href="/api/transparency/checkpoint" data-es="Último punto de control" data-en="Latest checkpoint">Último punto de control</a> ·
<a href="/api/transparency/key" data-es="Clave de verificación" data-en="Verifier key">Clave de verificación</a></p>
<p id="log-summary" class="muted" aria-live="polite" data-es="Cargando…" data-en="Loading…">Cargando…</p>
<table id="log-table" hidden>
  <thead><tr><th data-es="Eventos" data-en="Events">Eventos</th><th data-es="Firmado" data-en="Signed">Firmado</th><th data-es="Testigos" data-en="Witnesses">Testigos</th></tr></thead>
  <tbody id="log-rows"></tbody>
</table>
</section>
<section aria-labelledby="views-title">
<h2 id="views-title" data-es="Avance por pilar y por institución" data-en="Progress by pillar and by institution">Avance por pilar y por institución</h2>
<table><thead><tr><th data-es="Pilar" data-en="Pillar">Pilar</th><th data-es="Compromisos" data-en="Commitments">Compromisos</th><th data-es="Avance" data-en="Progress">Avance</th></tr></thead><tbody id="pillars"></tbody></table>
<table><thead><tr><th data-es="Institución" data-en="Institution">Institución</th><th data-es="Compromisos" data-en="Commitments">Compromisos</th><th data-es="Avance" data-en="Progress">Avance</th></tr></thead><tbody id="institutions"></tbody></table>
<h2 data-es="Hitos cumplidos en el tiempo" data-en="Milestones completed over time">Hitos cumplidos en el tiempo</h2>
<canvas id="completions" height="160" role="img" aria-label="Hitos cumplidos por mes / milestones completed per month"></canvas>
</section>
</main>
<script src="/vendor/chart.umd.min.js" defer></script>
<script src="/dashboard.js" defer></script>
</body>
</html>
`;

/**
 * The page's script, served from this origin so that the CSP needs no inline scripts. Every
 * text from the API goes through `text()` before it reaches innerHTML. (A template string:
 * no backslashes or template placeholders inside.)
 */
export const DASHBOARD_JS = `(function () {
  'use strict';
  const STATUS = {
    es: { Draft: 'Borrador', InImplementation: 'En implementación', Completed: 'Cumplido', Closed: 'Cerrado',
          Withdrawn: 'Retirado', TransferPending: 'Transferencia pendiente', AwaitingHandover: 'Esperando traspaso' },
    en: { Draft: 'Draft', InImplementation: 'In implementation', Completed: 'Completed', Closed: 'Closed',
          Withdrawn: 'Withdrawn', TransferPending: 'Transfer pending', AwaitingHandover: 'Awaiting handover' },
  };
  const TRANSFER_NOTE = {
    es: { TransferPending: 'Espera la decisión de la Presidencia: mantener o transferir.',
          AwaitingHandover: 'Espera que la institución receptora reciba la información.' },
    en: { TransferPending: 'Waiting for the Presidency to keep or transfer it.',
          AwaitingHandover: 'Waiting for the receiving institution to take over the information.' },
  };
  const REDESIGN = {
    es: { merged: 'fusionada', split: 'escindida', renamed: 'renombrada', abolished: 'suprimida' },
    en: { merged: 'merged', split: 'split', renamed: 'renamed', abolished: 'abolished' },
  };
  const PILLARS = {
    es: { transparency: 'Transparencia y acceso a la información pública', participation: 'Participación ciudadana',
          collaboration: 'Colaboración e innovación', accountability: 'Integridad y rendición de cuentas' },
    en: { transparency: 'Transparency and access to public information', participation: 'Citizen participation',
          collaboration: 'Collaboration and innovation', accountability: 'Integrity and accountability' },
  };
  const LOCALE = { es: 'es-EC', en: 'en-GB' };
  /** A burst of changes is read once: at most one round of reads every MAX_WAIT_MS. */
  const DEBOUNCE_MS = 250, MAX_WAIT_MS = 1000;

  let lang = 'es';
  let planId = null, items = null, dashboard = null, overdue = null, transfers = null, lastChange = null, chart = null, checkpoints = null;
  /** Open timelines and what they show, by commitment id. */
  const timelines = new Map();
  const institutionNames = new Map();
  const namesAsked = new Set();

  const $ = (id) => document.getElementById(id);
  const t = (es, en) => (lang === 'es' ? es : en);
  const text = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  const pct = (v) => (v === null || v === undefined ? '—' : Number(v) + ' %');

  /** Replaces an element's content only when it changed, keeping keyboard focus in place. */
  function setHtml(el, html) {
    if (el.__html === html) return;
    const active = document.activeElement;
    const key = active && active !== el && el.contains(active) ? active.getAttribute('data-focus') : null;
    el.__html = html;
    el.innerHTML = html;
    if (key) {
      const again = el.querySelector('[data-focus="' + CSS.escape(key) + '"]');
      if (again) again.focus();
    }
  }

  /** The first present value among dotted paths: the API may add fields over time. */
  function pick(obj, paths) {
    for (const path of paths) {
      let v = obj;
      for (const k of path.split('.')) v = v === null || v === undefined ? undefined : v[k];
      if (v !== undefined && v !== null && v !== '') return v;
    }
    return undefined;
  }

  function day(iso) {
    if (!iso) return '—';
    const d = new Date(String(iso).slice(0, 10) + 'T00:00:00Z');
    if (isNaN(d.getTime())) return text(iso);
    const shown = d.toLocaleDateString(LOCALE[lang], { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
    return '<time datetime="' + text(String(iso).slice(0, 10)) + '">' + text(shown) + '</time>';
  }

  function moment(iso) {
    const d = new Date(iso);
    if (!iso || isNaN(d.getTime())) return '';
    const shown = d.toLocaleString(LOCALE[lang], { dateStyle: 'medium', timeStyle: 'short' });
    return '<time datetime="' + text(iso) + '">' + text(shown) + '</time>';
  }

  /** True when $all position a is after b (decimal strings of any length). */
  function later(a, b) {
    if (!a) return false;
    if (!b) return true;
    return a.length === b.length ? a > b : a.length > b.length;
  }

  /** GET JSON, read-your-writes at a position when given; a view still behind is read as it is. */
  function getJson(url, position) {
    const waited = position ? url + (url.indexOf('?') < 0 ? '?' : '&') + 'waitFor=' + encodeURIComponent(position) : url;
    return fetch(waited).then((r) => {
      if (r.ok) return r.json();
      if (position) return getJson(url);
      throw new Error('HTTP ' + r.status);
    });
  }

  const planPath = (suffix) => '/api/action-plans/' + encodeURIComponent(planId) + suffix;

  // ── rendering ────────────────────────────────────────────────────────────────────────────

  function institutionName(value) {
    if (value && typeof value === 'object') return String(value.name || value.institutionId || value.id || '');
    return institutionNames.get(value) || String(value);
  }

  function timelineHtml(c, tl) {
    const heading = '<h3>' + text(t('Historial: ', 'Timeline: ') + c.title) + '</h3>';
    if (!tl.items) {
      return heading + '<p class="muted">' + (tl.error ? t('No se pudo cargar el historial.', 'The timeline could not be loaded.') : t('Cargando…', 'Loading…')) + '</p>';
    }
    if (!tl.items.length) return heading + '<p class="muted">' + t('Sin eventos públicos todavía.', 'No public events yet.') + '</p>';
    const events = tl.items.map((e) => {
      const summary = (e.summary && (e.summary[lang] || e.summary.es)) || e.type;
      return '<li>' + moment(e.occurredAt || e.recordedAt) + '<span>' + text(summary) + '</span></li>';
    }).join('');
    const more = tl.total > tl.items.length
      ? '<p class="muted">' + text(t('Se muestran los primeros ' + tl.items.length + ' de ' + tl.total + ' eventos.',
        'Showing the first ' + tl.items.length + ' of ' + tl.total + ' events.')) + '</p>'
      : '';
    return heading + '<ol class="timeline">' + events + '</ol>' + more;
  }

  function renderCommitments() {
    if (!items) return;
    setHtml($('rows'), items.length ? items.map((c) => {
      const id = String(c.id || c.commitmentId);
      const tl = timelines.get(id);
      const open = Boolean(tl && tl.open);
      const panel = 'tl-' + id;
      let html = '<tr class="commitment"><td>' + text(c.number) + '</td><td>' + text(c.title) +
        '<br><button type="button" class="toggle" data-timeline="' + text(id) + '" data-focus="tl:' + text(id) +
        '" aria-label="' + text(t('Historial', 'Timeline') + ': ' + c.title) + '" aria-expanded="' + open + '"' +
        (open ? ' aria-controls="' + text(panel) + '"' : '') + '><span class="chev"></span>' + t('Historial', 'Timeline') + '</button></td><td>' +
        text(STATUS[lang][c.status] || c.status) + '</td><td><div class="bar"><span style="width:' +
        Math.max(0, Math.min(100, Number(c.progress) || 0)) + '%"></span></div>' + pct(c.progress) + '</td></tr>';
      if (open) html += '<tr class="timeline-row"><td colspan="4" id="' + text(panel) + '">' + timelineHtml(c, tl) + '</td></tr>';
      return html;
    }).join('') : '<tr><td colspan="4">' + t('Sin compromisos todavía.', 'No commitments yet.') + '</td></tr>');
  }

  function renderViews() {
    if (!dashboard) return;
    setHtml($('pillars'), (dashboard.byPillar || []).map((p) =>
      '<tr><td>' + text(PILLARS[lang][p.pillar] || p.pillar) + '</td><td>' + Number(p.commitments) + '</td><td>' + pct(p.progress) + '</td></tr>').join(''));
    setHtml($('institutions'), (dashboard.byInstitution || []).map((i) =>
      '<tr><td>' + text(i.name || i.institutionId) + '</td><td>' + Number(i.commitments) + '</td><td>' + pct(i.progress) + '</td></tr>').join(''));
    if (!window.Chart) return;
    const months = dashboard.milestonesCompletedByMonth || [];
    const labels = months.map((m) => m.month);
    const data = months.map((m) => m.completed);
    const label = t('Hitos cumplidos', 'Milestones completed');
    if (chart) { chart.data.labels = labels; chart.data.datasets[0].data = data; chart.data.datasets[0].label = label; chart.update(); return; }
    chart = new window.Chart($('completions'), {
      type: 'bar', data: { labels, datasets: [{ label, data, backgroundColor: '#1f7a4d' }] },
      options: { responsive: true, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }

  function renderOverdue() {
    if (!overdue) return;
    const list = overdue.items || [];
    const total = Number(overdue.total) || list.length;
    $('overdue-table').hidden = list.length === 0;
    $('overdue-summary').textContent = total === 0
      ? t('Sin hitos vencidos.', 'No overdue milestones.')
      : total === 1 ? t('1 hito vencido.', '1 overdue milestone.')
      : t(total + ' hitos vencidos.', total + ' overdue milestones.') +
        (total > list.length ? ' ' + t('Se muestran ' + list.length + '.', 'Showing ' + list.length + '.') : '');
    setHtml($('overdue-rows'), list.map((m) => {
      const days = Math.max(0, -Number(m.daysToDue) || 0);
      const baseline = m.baselineDue && m.baselineDue !== m.due
        ? '<br><span class="muted">' + t('Línea base: ', 'Baseline: ') + day(m.baselineDue) + '</span>'
        : '';
      return '<tr><td><span class="muted">' + text(m.commitmentNumber) + ' · ' + text(m.commitmentTitle) + '</span><br>' +
        text(m.deliverable) + '</td><td>' + day(m.due) + baseline + '</td><td class="num"><span class="overdue-days">' +
        days + '</span> ' + (days === 1 ? t('día', 'day') : t('días', 'days')) + '</td></tr>';
    }).join(''));
  }

  function renderTransfers() {
    if (!transfers) return;
    const list = transfers.items || [];
    const total = Number(transfers.total) || list.length;
    $('transfers-table').hidden = list.length === 0;
    $('transfers-summary').textContent = total === 0
      ? t('Sin compromisos en transferencia.', 'No commitments in transfer.')
      : total === 1 ? t('1 compromiso en transferencia.', '1 commitment in transfer.')
      : t(total + ' compromisos en transferencia.', total + ' commitments in transfer.');
    setHtml($('transfer-rows'), list.map((c) => {
      const status = String(c.status || '');
      const p = transferParties(c);
      const since = pick(c, ['pendingSince', 'transfer.pendingSince', 'since']);
      const waiting = pick(c, ['daysWaiting']);
      const instrument = pick(c, ['redesign.legalInstrument', 'transfer.redesign.legalInstrument']);
      const unit = pick(c, ['decision.receivingUnit', 'receivingUnit', 'transfer.transferred.receivingUnit']);
      const late = pick(c, status === 'AwaitingHandover'
        ? ['handoverOverdue.dueOn', 'transfer.handoverOverdue.dueOn']
        : ['decisionOverdue.dueOn', 'transfer.decisionOverdue.dueOn']);
      const lines = [];
      if (p.redesigned !== undefined) {
        lines.push(t('Rediseñada: ', 'Redesigned: ') + text(institutionName(p.redesigned)) +
          (p.kind ? ' (' + text(REDESIGN[lang][p.kind] || p.kind) + ')' : '') +
          (instrument ? '<br><span class="muted">' + text(instrument) + '</span>' : ''));
      }
      if (p.responsible !== undefined && p.responsible !== p.redesigned) {
        lines.push(t('Responsable: ', 'Responsible: ') + text(institutionName(p.responsible)));
      }
      if (p.receiving !== undefined) {
        lines.push(t('Receptora: ', 'Receiving: ') + text(institutionName(p.receiving)) +
          (unit ? '<br><span class="muted">' + text(unit) + '</span>' : ''));
      }
      const note = TRANSFER_NOTE[lang][status];
      const days = typeof waiting === 'number' ? ' (' + waiting + ' ' + (waiting === 1 ? t('día', 'day') : t('días', 'days')) + ')' : '';
      return '<tr><td>' + text(c.number === undefined ? '' : c.number + ' · ') + text(c.title || c.commitmentId || c.id) +
            lines.map((line) => '<div class="party">' + line + '</div>').join('') + '</td><td>' +
        text(STATUS[lang][status] || status) +
        (note ? '<br><span class="muted">' + text(note) + '</span>' : '') +
        (since ? '<br><span class="muted">' + t('Desde ', 'Since ') + day(since) + text(days) + '</span>' : '') +
        (late ? '<br><span class="overdue-days">' + t('Plazo vencido el ', 'Deadline passed on ') + day(late) + '</span>' : '') +
        '</td></tr>';
    }).join(''));
  }

  /** Who a transfer concerns, from whichever fields the queue gives. */
  function transferParties(c) {
    return {
      redesigned: pick(c, ['redesignedInstitution', 'redesignedInstitutionId', 'redesign.institutionId',
        'transfer.institutionId', 'institutionId', 'fromInstitutionId']),
      kind: pick(c, ['redesign.kind', 'redesignKind', 'transfer.redesign.kind']),
      receiving: pick(c, ['decision.toInstitutionId', 'receivingInstitution', 'receivingInstitutionId',
        'toInstitutionId', 'transfer.transferred.toInstitutionId']),
      responsible: pick(c, ['responsible.institutionId']),
    };
  }

  function renderChange() {
    $('last-change').textContent = lastChange ? t('Último cambio: ', 'Latest change: ') + (lastChange[lang] || lastChange.es) : '';
  }

  function renderLog() {
    if (!checkpoints) return;
    const list = (checkpoints.items || []).slice().reverse();
    const total = Number(checkpoints.total) || list.length;
    $('log-table').hidden = list.length === 0;
    $('log-summary').textContent = total === 0
      ? t('Aún no hay puntos de control firmados.', 'No signed checkpoints yet.')
      : t(total + ' puntos de control firmados; los más recientes:', total + ' signed checkpoints; the latest:');
    setHtml($('log-rows'), list.map((c) => {
      const witnesses = (c.cosignatures || []).map((w) => text(w.witness));
      return '<tr><td>' + text(c.treeSize) + '</td><td>' + text(String(c.signedAt || '').slice(0, 16).replace('T', ' ')) +
        '</td><td>' + (witnesses.length ? witnesses.join('<br>') : '<span class="muted">' + t('sin testigos', 'not witnessed') + '</span>') +
        '</td></tr>';
    }).join(''));
  }

  function renderAll() {
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-es]').forEach((el) => { el.textContent = el.dataset[lang]; });
    const switcher = $('lang');
    switcher.textContent = lang === 'es' ? 'English' : 'Español';
    switcher.lang = lang === 'es' ? 'en' : 'es';
    renderChange();
    renderCommitments();
    renderViews();
    renderOverdue();
    renderTransfers();
    renderLog();
  }

  // ── reading ──────────────────────────────────────────────────────────────────────────────

  function loadCommitments(position) {
    return getJson('/api/commitments?limit=100', position)
      .then((body) => { items = body.items || []; })
      .catch(() => { if (!items) items = []; })
      .then(renderCommitments);
  }

  function loadViews(position) {
    if (!planId) return Promise.resolve();
    return getJson(planPath('/dashboard'), position).then((body) => {
      dashboard = body;
      (body.byInstitution || []).forEach((i) => { if (i.name) institutionNames.set(i.institutionId, i.name); });
      renderViews();
      renderTransfers();
    }).catch(() => undefined);
  }

  function loadOverdue(position) {
    if (!planId) return Promise.resolve();
    return getJson(planPath('/milestones/overdue?limit=200'), position)
      .then((body) => { overdue = body; renderOverdue(); }).catch(() => undefined);
  }

  /** Names for institutions outside the plan's own (e.g. a receiving one), asked once each. */
  function loadNamesFor(list) {
    const unknown = [];
    list.forEach((c) => {
      const p = transferParties(c);
      [p.redesigned, p.receiving, p.responsible].forEach((v) => {
        if (typeof v === 'string' && !institutionNames.has(v) && !namesAsked.has(v)) unknown.push(v);
      });
    });
    if (!unknown.length) return Promise.resolve();
    unknown.forEach((id) => namesAsked.add(id));
    return getJson('/api/institutions').then((body) => {
      (body.items || []).forEach((i) => { if (i.institutionId && i.name) institutionNames.set(i.institutionId, i.name); });
    }).catch(() => undefined);
  }

  function loadTransfers(position) {
    if (!planId) return Promise.resolve();
    return getJson(planPath('/transfer-queue?limit=200'), position)
      .then((body) => { transfers = body; renderTransfers(); return loadNamesFor(body.items || []); })
      .then(renderTransfers).catch(() => undefined);
  }

  /** The ten latest checkpoints with their witnesses. */
  function loadLog() {
    return getJson('/api/transparency/checkpoints?limit=1').then((first) => {
      const total = Number(first.total) || 0;
      return getJson('/api/transparency/checkpoints?limit=10&offset=' + Math.max(0, total - 10));
    }).then((body) => { checkpoints = body; renderLog(); }).catch(() => undefined);
  }

  function loadTimeline(id, position) {
    const tl = timelines.get(id);
    if (!tl) return Promise.resolve();
    const seq = (tl.seq = (tl.seq || 0) + 1);
    return getJson('/api/commitments/' + encodeURIComponent(id) + '/audit-trail?limit=500', position).then((body) => {
      if (seq !== tl.seq) return;
      tl.items = body.items || [];
      tl.total = Number(body.total) || tl.items.length;
      tl.error = false;
    }).catch(() => { if (seq === tl.seq) tl.error = true; }).then(renderCommitments);
  }

  // ── live ─────────────────────────────────────────────────────────────────────────────────

  let dirty = null, timer = null, burstStart = 0, busy = false;

  function schedule(message) {
    if (!dirty) dirty = { position: null, commitments: new Set() };
    if (message) {
      if (later(message.position, dirty.position)) dirty.position = String(message.position);
      if (message.commitmentId) dirty.commitments.add(String(message.commitmentId));
    }
    if (busy) return; // the round in flight schedules the next when it ends
    const now = Date.now();
    if (timer) clearTimeout(timer);
    else burstStart = now;
    timer = setTimeout(flush, Math.max(0, Math.min(DEBOUNCE_MS, burstStart + MAX_WAIT_MS - now)));
  }

  function flush() {
    timer = null;
    const batch = dirty;
    dirty = null;
    if (!batch) return;
    busy = true;
    const position = batch.position;
    const reads = [loadCommitments(position), loadViews(position), loadOverdue(position), loadTransfers(position), loadLog()];
    timelines.forEach((tl, id) => { if (tl.open && batch.commitments.has(id)) reads.push(loadTimeline(id, position)); });
    Promise.all(reads).then(() => {
      busy = false;
      if (dirty) schedule();
    });
  }

  $('lang').addEventListener('click', () => { lang = lang === 'es' ? 'en' : 'es'; renderAll(); });

  $('rows').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-timeline]');
    if (!button) return;
    const id = button.getAttribute('data-timeline');
    let tl = timelines.get(id);
    if (!tl) timelines.set(id, (tl = { open: false, items: null, total: 0, error: false, seq: 0 }));
    tl.open = !tl.open;
    renderCommitments();
    if (tl.open) loadTimeline(id);
  });

  renderAll();
  loadCommitments();
  loadLog();
  getJson('/api/action-plans').then((body) => {
    const plan = (body.items || [])[0];
    if (!plan) {
      overdue = { items: [], total: 0 };
      transfers = { items: [], total: 0 };
      renderAll();
      return;
    }
    planId = plan.planId;
    // Live: every change of the plan arrives over Server-Sent Events, and what it touches is read again.
    if (window.EventSource) {
      const live = new EventSource('/api/live/action-plans/' + encodeURIComponent(planId));
      live.addEventListener('change', (event) => {
        let message = {};
        try { message = JSON.parse(event.data); } catch (e) { return; }
        if (message.summary) { lastChange = message.summary; renderChange(); }
        schedule(message);
      });
    }
    return Promise.all([loadViews(), loadOverdue(), loadTransfers()]);
  }).catch(() => undefined);
})();
`;
