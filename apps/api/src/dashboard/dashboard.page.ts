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
  h1 { font-size: 1.5rem; } table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid #dde3ea; vertical-align: top; }
  .bar { background: #e6ebf1; border-radius: 4px; height: .8rem; width: 100%; max-width: 10rem; min-width: 3rem; }
  .bar > span { display: block; height: 100%; background: #1f7a4d; border-radius: 4px; }
  .muted { color: #5b6b7c; font-size: .9rem; }
  td { overflow-wrap: break-word; hyphens: auto; }
  @media (max-width: 480px) {
    body { margin: 1rem auto; padding: 0 .5rem; }
    th, td { padding: .35rem .25rem; }
    th:first-child, td:first-child { display: none; }
  }
</style>
</head>
<body>
<h1 data-es="Compromisos del plan de acción" data-en="Action plan commitments">Compromisos del plan de acción</h1>
<p class="muted"><button id="lang" type="button">English</button> ·
  <a href="/docs">API (OpenAPI)</a> · <a href="/health" data-es="Salud" data-en="Health">Salud</a></p>
<p id="last-change" class="muted" aria-live="polite"></p>
<table>
  <thead><tr><th>#</th><th data-es="Compromiso" data-en="Commitment">Compromiso</th>
  <th data-es="Estado" data-en="Status">Estado</th><th data-es="Avance" data-en="Progress">Avance</th></tr></thead>
  <tbody id="rows"><tr><td colspan="4" data-es="Cargando…" data-en="Loading…">Cargando…</td></tr></tbody>
</table>
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
  function load() {
    return fetch('/api/commitments?limit=100').then((r) => r.json()).then((body) => { items = body.items || []; renderAll(); })
      .catch(() => { items = []; renderAll(); });
  }
  // Live: every change of the plan arrives over Server-Sent Events, and the list is read again.
  fetch('/api/action-plans').then((r) => r.json()).then((body) => {
    const plan = (body.items || [])[0];
    if (!plan || !window.EventSource) return;
    const live = new EventSource('/api/live/action-plans/' + encodeURIComponent(plan.planId));
    live.addEventListener('change', (event) => {
      lastChange = JSON.parse(event.data).summary;
      load();
    });
  });
  load();
`;
