/**
 * The public dashboard: the plan's commitments with their status and progress, read from the
 * API. A first page for the write side; the live, projection-fed dashboard replaces it.
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
  table { border-collapse: collapse; width: 100%; margin-bottom: 1rem; }
  th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid #dde3ea; vertical-align: top; }
  .bar { background: #e6ebf1; border-radius: 4px; height: .8rem; width: 100%; max-width: 10rem; min-width: 3rem; }
  .bar > span { display: block; height: 100%; background: #1f7a4d; border-radius: 4px; }
  .muted { color: #5b6b7c; font-size: .9rem; }
  td { overflow-wrap: break-word; hyphens: auto; }
  @media (max-width: 480px) {
    body { margin: 1rem auto; padding: 0 .5rem; }
    th, td { padding: .35rem .25rem; }
    #commitments th:first-child, #commitments td:first-child { display: none; }
  }
</style>
</head>
<body>
<h1 data-es="Compromisos del plan de acción" data-en="Action plan commitments">Compromisos del plan de acción</h1>
<p class="muted"><button id="lang" type="button">English</button> ·
  <a href="/docs">API (OpenAPI)</a> · <a href="/health" data-es="Salud" data-en="Health">Salud</a></p>
<p id="last-change" class="muted" aria-live="polite"></p>
<table id="commitments">
  <thead><tr><th>#</th><th data-es="Compromiso" data-en="Commitment">Compromiso</th>
  <th data-es="Estado" data-en="Status">Estado</th><th data-es="Avance" data-en="Progress">Avance</th></tr></thead>
  <tbody id="rows"><tr><td colspan="4" data-es="Cargando…" data-en="Loading…">Cargando…</td></tr></tbody>
</table>
<section aria-labelledby="views-title">
<h2 id="views-title" data-es="Avance por pilar y por institución" data-en="Progress by pillar and by institution">Avance por pilar y por institución</h2>
<table><thead><tr><th data-es="Pilar" data-en="Pillar">Pilar</th><th data-es="Compromisos" data-en="Commitments">Compromisos</th><th data-es="Avance" data-en="Progress">Avance</th></tr></thead><tbody id="pillars"></tbody></table>
<table><thead><tr><th data-es="Institución" data-en="Institution">Institución</th><th data-es="Compromisos" data-en="Commitments">Compromisos</th><th data-es="Avance" data-en="Progress">Avance</th></tr></thead><tbody id="institutions"></tbody></table>
<h2 data-es="Hitos cumplidos en el tiempo" data-en="Milestones completed over time">Hitos cumplidos en el tiempo</h2>
<canvas id="completions" height="160" role="img" aria-label="Hitos cumplidos por mes / milestones completed per month"></canvas>
</section>
<script src="/vendor/chart.umd.min.js" defer></script>
<script src="/dashboard.js" defer></script>
</body>
</html>
`;

/** The page's script, served from this origin so that the CSP needs no inline scripts. */
export const DASHBOARD_JS = `
  const STATUS = {
    es: { Draft: 'Borrador', InImplementation: 'En implementación', Completed: 'Cumplido', Closed: 'Cerrado',
          Withdrawn: 'Retirado', TransferPending: 'Transferencia pendiente', AwaitingHandover: 'Esperando traspaso' },
    en: { Draft: 'Draft', InImplementation: 'In implementation', Completed: 'Completed', Closed: 'Closed',
          Withdrawn: 'Withdrawn', TransferPending: 'Transfer pending', AwaitingHandover: 'Awaiting handover' },
  };
  let lang = 'es', items = [];
  const text = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  function render() {
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-es]').forEach((el) => { el.textContent = el.dataset[lang]; });
    document.getElementById('lang').textContent = lang === 'es' ? 'English' : 'Español';
    document.getElementById('rows').innerHTML = items.length ? items.map((c) =>
      '<tr><td>' + text(c.number) + '</td><td>' + text(c.title) + '</td><td>' + text(STATUS[lang][c.status] || c.status) +
      '</td><td><div class="bar"><span style="width:' + Number(c.progress) + '%"></span></div>' + Number(c.progress) + ' %</td></tr>'
    ).join('') : '<tr><td colspan="4">' + (lang === 'es' ? 'Sin compromisos todavía.' : 'No commitments yet.') + '</td></tr>';
  }
  document.getElementById('lang').addEventListener('click', () => { lang = lang === 'es' ? 'en' : 'es'; render(); });
  let lastChange = null;
  function renderChange() {
    const el = document.getElementById('last-change');
    el.textContent = lastChange ? (lang === 'es' ? 'Último cambio: ' : 'Latest change: ') + lastChange[lang] : '';
  }
  const renderAll = () => { render(); renderChange(); };
  document.getElementById('lang').addEventListener('click', renderChange);
  const PILLARS = {
    es: { transparency: 'Transparencia y acceso a la información pública', participation: 'Participación ciudadana',
          collaboration: 'Colaboración e innovación', accountability: 'Integridad y rendición de cuentas' },
    en: { transparency: 'Transparency and access to public information', participation: 'Citizen participation',
          collaboration: 'Collaboration and innovation', accountability: 'Integrity and accountability' },
  };
  let dashboard = null, chart = null;
  const pct = (v) => (v === null || v === undefined ? '—' : Number(v) + ' %');
  function renderViews() {
    if (!dashboard) return;
    document.getElementById('pillars').innerHTML = dashboard.byPillar.map((p) =>
      '<tr><td>' + text(PILLARS[lang][p.pillar] || p.pillar) + '</td><td>' + Number(p.commitments) + '</td><td>' + pct(p.progress) + '</td></tr>').join('');
    document.getElementById('institutions').innerHTML = dashboard.byInstitution.map((i) =>
      '<tr><td>' + text(i.name || i.institutionId) + '</td><td>' + Number(i.commitments) + '</td><td>' + pct(i.progress) + '</td></tr>').join('');
    if (!window.Chart) return;
    const labels = dashboard.milestonesCompletedByMonth.map((m) => m.month);
    const data = dashboard.milestonesCompletedByMonth.map((m) => m.completed);
    const label = lang === 'es' ? 'Hitos cumplidos' : 'Milestones completed';
    if (chart) { chart.data.labels = labels; chart.data.datasets[0].data = data; chart.data.datasets[0].label = label; chart.update(); return; }
    chart = new Chart(document.getElementById('completions'), {
      type: 'bar', data: { labels, datasets: [{ label, data, backgroundColor: '#1f7a4d' }] },
      options: { responsive: true, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }
  document.getElementById('lang').addEventListener('click', renderViews);
  let planId = null;
  function loadViews() {
    if (!planId) return Promise.resolve();
    return fetch('/api/action-plans/' + encodeURIComponent(planId) + '/dashboard').then((r) => r.json())
      .then((body) => { dashboard = body; renderViews(); }).catch(() => undefined);
  }
  function load() {
    loadViews();
    return fetch('/api/commitments?limit=100').then((r) => r.json()).then((body) => { items = body.items || []; renderAll(); })
      .catch(() => { items = []; renderAll(); });
  }
  // Live: every change of the plan arrives over Server-Sent Events, and the list is read again.
  fetch('/api/action-plans').then((r) => r.json()).then((body) => {
    const plan = (body.items || [])[0];
    if (!plan) return;
    planId = plan.planId;
    loadViews();
    if (!window.EventSource) return;
    const live = new EventSource('/api/live/action-plans/' + encodeURIComponent(plan.planId));
    live.addEventListener('change', (event) => {
      lastChange = JSON.parse(event.data).summary;
      load();
    });
  });
  load();
`;
