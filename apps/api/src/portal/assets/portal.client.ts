/**
 * The portal's only script: it keeps a server-rendered page live. The page names its Server-
 * Sent Events stream in `main[data-live]`; on a change it fetches the same page again and
 * swaps each region marked `data-region` whose HTML changed, keeping keyboard focus, and says
 * so in the footer's status line (a polite live region). Without JavaScript the page is whole;
 * it only stops updating itself.
 */
(() => {
  const main = document.querySelector<HTMLElement>('main[data-live]');
  const stream = main?.dataset.live;
  if (!main || !stream || typeof EventSource === 'undefined') return;
  const status = document.getElementById('live-status');
  let timer: number | undefined;
  let busy = false;
  let again = false;

  const refresh = async (): Promise<void> => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      const response = await fetch(location.href, { headers: { Accept: 'text/html' } });
      if (!response.ok) return;
      const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
      let changed = 0;
      for (const region of Array.from(main.querySelectorAll<HTMLElement>('[data-region]'))) {
        const next = fresh.querySelector(`[data-region="${CSS.escape(region.dataset.region!)}"]`);
        if (!next || next.innerHTML === region.innerHTML) continue;
        const focused = document.activeElement;
        const focusKey =
          focused instanceof HTMLElement && region.contains(focused)
            ? (focused.getAttribute('href') ?? focused.id)
            : null;
        region.innerHTML = next.innerHTML;
        changed++;
        if (focusKey) {
          const back = Array.from(region.querySelectorAll<HTMLElement>('a[href], [id]')).find(
            (el) => el.getAttribute('href') === focusKey || el.id === focusKey,
          );
          back?.focus();
        }
      }
      if (changed > 0 && status) {
        const now = new Date().toLocaleTimeString(document.documentElement.lang, {
          hour: '2-digit',
          minute: '2-digit',
        });
        status.textContent = `${status.dataset.updated ?? ''} ${now}`;
      }
    } finally {
      busy = false;
      if (again) {
        again = false;
        void refresh();
      }
    }
  };

  const source = new EventSource(stream);
  source.addEventListener('change', () => {
    // A burst of events (a command writes several) becomes one refresh.
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void refresh(), 400);
  });
  main.dataset.liveState = 'connecting';
  source.addEventListener('open', () => (main.dataset.liveState = 'open'));
})();
