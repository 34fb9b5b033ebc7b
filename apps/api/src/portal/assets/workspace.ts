/**
 * The workspace's only script: it sends each form of a `/trabajo/...` page to the JSON API's
 * command it names (`data-path`, with `:params` filled from the form), as JSON, with the
 * Idempotency-Key rendered into the page (kept across retries, so a double click or a retry
 * records nothing twice; a new one after a success), the session's CSRF token, and the page's
 * language. A refusal (application/problem+json) is shown beside the field it names, in the
 * page's language, with what was typed kept and focus on the first invalid field; a success is
 * said in the polite live region with a link to the portal page that shows it.
 */
(() => {
  interface Problem {
    code?: string;
    detail?: string;
    messages?: { es?: string; en?: string };
    errors?: { field: string; messages: string[] }[];
    details?: { field?: string };
  }
  interface Answer {
    id?: string;
  }
  /** A bulk command's answer: one result per item, in request order. */
  interface Bulk {
    results?: { status: number; problem?: Problem }[];
  }

  const lang = document.documentElement.lang === 'en' ? 'en' : 'es';
  const status = document.getElementById('live-status');

  const csrfToken = (): string | null => {
    const pair = document.cookie
      .split(';')
      .map((part) => part.trim())
      .find((part) => part.startsWith('hitos_csrf='));
    return pair ? decodeURIComponent(pair.slice('hitos_csrf='.length)) : null;
  };

  const newKey = (): string =>
    typeof crypto !== 'undefined' && 'randomUUID' in crypto
      ? crypto.randomUUID()
      : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

  /** Puts `value` at a body path such as `signatory.name` or `coreGroup[0].memberId`. */
  const setPath = (body: Record<string, unknown>, path: string, value: unknown): void => {
    const keys = path
      .replace(/\[(\d+)\]/g, '.$1')
      .split('.')
      .filter(Boolean);
    let target: Record<string, unknown> | unknown[] = body;
    keys.forEach((key, i) => {
      const last = i === keys.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(keys[i + 1]);
      const slot = target as Record<string, unknown>;
      if (last) slot[key] = value;
      else {
        slot[key] ??= nextIsIndex ? [] : {};
        target = slot[key] as Record<string, unknown>;
      }
    });
  };

  /** The evidence items' fields are named by their place: `evidence[0].sha256`. */
  const numberEvidence = (form: HTMLFormElement): void => {
    for (const set of Array.from(form.querySelectorAll<HTMLElement>('[data-evidence]'))) {
      const name = set.dataset.evidence!;
      const label = set.querySelector<HTMLElement>('[data-evidence-add]')?.dataset.itemLabel ?? '';
      Array.from(set.querySelectorAll<HTMLElement>('[data-evidence-items] > li')).forEach(
        (li, i) => {
          const legend = li.querySelector('[data-item-legend]');
          if (legend) legend.textContent = label.replace('{n}', String(i + 1));
          for (const input of Array.from(
            li.querySelectorAll<HTMLInputElement>('[data-item-field]'),
          ))
            input.dataset.field = `${name}[${i}].${input.dataset.itemField}`;
          for (const error of Array.from(li.querySelectorAll<HTMLElement>('.field-error'))) {
            const key = error.id.replace(/^.*-(\w+)-error$/, '$1');
            error.dataset.errorFor = `${name}[${i}].${key}`;
          }
        },
      );
    }
  };

  const bodyOf = (form: HTMLFormElement): Record<string, unknown> => {
    numberEvidence(form);
    const body: Record<string, unknown> = {};
    for (const set of Array.from(form.querySelectorAll<HTMLElement>('[data-evidence]')))
      body[set.dataset.evidence!] = [];
    const controls = form.querySelectorAll<
      HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement
    >('[data-field]');
    for (const control of Array.from(controls)) {
      // A bulk item already recorded is not sent again.
      if (control.closest('template') || control.closest('fieldset[data-bulk-item][disabled]'))
        continue;
      const path = control.dataset.field!;
      const kind = control.dataset.kind;
      if (kind === 'checkbox') {
        setPath(body, path, (control as HTMLInputElement).checked);
        continue;
      }
      const raw = control.value.trim();
      if (kind === 'list') {
        setPath(
          body,
          path,
          raw
            .split(/[\n,]/)
            .map((s) => s.trim())
            .filter(Boolean),
        );
        continue;
      }
      if (raw === '') continue;
      // A number that does not parse goes as typed: the API names the field.
      setPath(body, path, kind === 'number' && /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw);
    }
    if (form.dataset.constant) Object.assign(body, JSON.parse(form.dataset.constant));
    const list = form.dataset.bulk;
    if (list && Array.isArray(body[list])) body[list] = (body[list] as unknown[]).filter(Boolean);
    return body;
  };

  /** The bulk items sent, in request order: the groups not yet recorded. */
  const pendingGroups = (form: HTMLFormElement): HTMLFieldSetElement[] =>
    Array.from(form.querySelectorAll<HTMLFieldSetElement>('fieldset[data-bulk-item]')).filter(
      (group) => !group.disabled,
    );

  const urlOf = (form: HTMLFormElement): string | null => {
    let missing: HTMLElement | null = null;
    const url = form.dataset.path!.replace(/:([A-Za-z]+)/g, (_, name: string) => {
      const input = form.querySelector<HTMLInputElement>(`[data-param="${name}"]`);
      const value = input?.value.trim() ?? '';
      if (!value && input) missing ??= input;
      return encodeURIComponent(value);
    });
    return missing ? null : url;
  };

  const clearErrors = (form: HTMLFormElement): void => {
    for (const el of Array.from(form.querySelectorAll<HTMLElement>('.field-error')))
      el.textContent = '';
    for (const el of Array.from(form.querySelectorAll('[aria-invalid]')))
      el.removeAttribute('aria-invalid');
    const summary = form.querySelector<HTMLElement>('#form-summary');
    if (summary) {
      summary.hidden = true;
      summary.textContent = '';
    }
  };

  /** The control a problem's field path names, and its error slot. */
  const fieldOf = (form: HTMLFormElement, path: string) => {
    const control =
      form.querySelector<HTMLElement>(`[data-field="${CSS.escape(path)}"]`) ??
      form.querySelector<HTMLElement>(`[data-param="${CSS.escape(path)}"]`) ??
      form.querySelector<HTMLElement>(`[data-evidence="${CSS.escape(path)}"]`);
    const slot =
      form.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(path)}"]`) ??
      form.querySelector<HTMLElement>(`[data-error-for=":${CSS.escape(path)}"]`);
    return control && slot ? { control, slot } : null;
  };

  /**
   * Marks the fields a problem names with its message; `prefix` places a bulk item's problem
   * (`decisions[2].`). Returns the first control marked.
   */
  const markProblem = (
    form: HTMLFormElement,
    problem: Problem,
    prefix = '',
  ): HTMLElement | null => {
    const message =
      problem.messages?.[lang] ?? problem.detail ?? form.dataset.msgFailed ?? problem.code ?? '';
    // A validation failure names each field (its own words are the validator's, in English):
    // each gets the page's "this field" sentence; a domain rule's field gets the rule's message.
    const fieldInvalid = form.dataset.msgInvalid ?? message;
    const marks = [
      ...(problem.errors ?? []).map((e) => ({
        path: e.field,
        text: lang === 'en' ? `${fieldInvalid} ${e.messages.join('; ')}.` : fieldInvalid,
      })),
      ...(problem.details?.field ? [{ path: problem.details.field, text: message }] : []),
    ].map((mark) => ({ ...mark, path: prefix + mark.path }));
    // A bulk item's problem that names no field of its own goes beside the item's first field.
    if (prefix && marks.length === 0) {
      const own = form.querySelector<HTMLElement>(`[data-field^="${CSS.escape(prefix)}"]`);
      if (own?.dataset.field) marks.push({ path: own.dataset.field, text: message });
    }
    let first: HTMLElement | null = null;
    for (const { path, text } of marks) {
      // `evidence[0].sha256`, else its parent (`evidence[0]`, `evidence`) when no slot is its own.
      let found = fieldOf(form, path);
      for (let p = path; !found;) {
        const parent = p.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
        if (parent === p || !parent) break;
        p = parent;
        found = fieldOf(form, p);
      }
      if (!found) continue;
      // Two problems for one slot (a nested field's parent) keep the first's words.
      if (!found.slot.textContent) found.slot.textContent = text;
      found.control.setAttribute('aria-invalid', 'true');
      first ??= found.control;
    }
    return first;
  };

  const showSummary = (form: HTMLFormElement, text: string, first: HTMLElement | null): void => {
    const summary = form.querySelector<HTMLElement>('#form-summary');
    if (summary) {
      summary.hidden = false;
      summary.textContent = text;
      summary.setAttribute('role', 'alert');
    }
    (first ?? summary)?.focus();
  };

  const showProblem = (form: HTMLFormElement, problem: Problem): void => {
    const message =
      problem.messages?.[lang] ?? problem.detail ?? form.dataset.msgFailed ?? problem.code ?? '';
    const first = markProblem(form, problem);
    showSummary(form, first ? `${form.dataset.msgFailed ?? ''} ${message}` : message, first);
  };

  const say = (text: string, link?: { href: string; label: string }): void => {
    if (!status) return;
    status.textContent = `${text} `;
    if (link) {
      const a = document.createElement('a');
      a.href = link.href;
      a.textContent = link.label;
      status.appendChild(a);
    }
  };

  const portalLink = (form: HTMLFormElement, answer: Answer): string | null => {
    const kind = form.dataset.portalKind;
    const param = form.dataset.portalParam ?? '';
    const fromForm = (name: string): string | undefined =>
      form.querySelector<HTMLInputElement>(`[data-param="${name}"]`)?.value.trim() ||
      form.querySelector<HTMLInputElement>(`[data-field="${CSS.escape(name)}"]`)?.value.trim() ||
      undefined;
    const id = (param && param !== 'id' ? fromForm(param) : undefined) ?? answer.id;
    if (!id) return null;
    const base: Record<string, string> = {
      commitment: '/compromisos/',
      institution: '/instituciones/',
      organization: '/organizaciones/',
      plan: '/planes/',
    };
    return base[kind ?? ''] ? `${base[kind!]}${encodeURIComponent(id)}` : null;
  };

  const send = async (form: HTMLFormElement, button: HTMLButtonElement): Promise<void> => {
    clearErrors(form);
    const keyInput = form.querySelector<HTMLInputElement>('input[name="idempotency-key"]')!;
    const url = urlOf(form);
    if (!url) {
      const empty = Array.from(form.querySelectorAll<HTMLInputElement>('[data-param]')).find(
        (i) => !i.value.trim(),
      )!;
      showProblem(form, {
        details: { field: empty.dataset.param },
        messages: { [lang]: form.dataset.msgFailed },
      });
      return;
    }
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/json, application/problem+json',
      'Accept-Language': lang,
      'Idempotency-Key': keyInput.value,
    };
    const csrf = csrfToken();
    if (csrf) headers['X-CSRF-Token'] = csrf;
    const label = button.textContent;
    button.disabled = true;
    button.textContent = form.dataset.msgSending ?? label;
    form.setAttribute('aria-busy', 'true');
    try {
      const groups = pendingGroups(form);
      let response: Response;
      try {
        response = await fetch(url, {
          method: form.dataset.method ?? 'POST',
          headers,
          body: JSON.stringify(bodyOf(form)),
          credentials: 'same-origin',
        });
      } catch {
        // No answer: the same key goes with the next try, so it cannot be recorded twice.
        say(form.dataset.msgNetwork ?? '');
        return;
      }
      const answer = (await response.json().catch(() => ({}))) as Answer & Problem & Bulk;
      if (!response.ok) {
        showProblem(form, answer);
        return;
      }
      const list = form.dataset.bulk;
      if (list && Array.isArray(answer.results)) {
        // Each item is its own command: mark the refused ones beside their fields.
        let first: HTMLElement | null = null;
        const failed = answer.results
          .map((result, i) => ({ result, i }))
          .filter(({ result }) => result.status >= 400);
        for (const { result, i } of failed) {
          const index = groups[i]?.dataset.bulkItem ?? String(i);
          const marked = markProblem(form, result.problem ?? {}, `${list}[${index}].`);
          first ??= marked;
        }
        if (failed.length > 0) {
          // The recorded items are done: their groups are disabled and not sent again, and the
          // next request (the others, corrected) is a new one, with a new key.
          answer.results.forEach((result, i) => {
            if (result.status < 400 && groups[i]) groups[i].disabled = true;
          });
          keyInput.value = newKey();
          const total = String(answer.results.length);
          const ok = String(answer.results.length - failed.length);
          showSummary(
            form,
            (form.dataset.msgPartial ?? '').replace('{ok}', ok).replace('{total}', total),
            first,
          );
          return;
        }
      }
      // A retry is answered exactly as the first time; the header says it was one.
      const replayed = response.headers.get('Idempotent-Replayed') === 'true';
      keyInput.value = newKey();
      const href = portalLink(form, answer);
      say(
        (replayed ? form.dataset.msgReplayed : form.dataset.msgSuccess) ?? '',
        href ? { href, label: form.dataset.msgPortal ?? href } : undefined,
      );
      form.dataset.sent = String(Number(form.dataset.sent ?? '0') + 1);
    } finally {
      button.disabled = false;
      button.textContent = label;
      form.removeAttribute('aria-busy');
    }
  };

  const upload = async (form: HTMLFormElement, input: HTMLInputElement): Promise<void> => {
    const file = input.files?.[0];
    const item = input.closest('li');
    if (!file || !item) return;
    const data = new FormData();
    data.append('file', file);
    const headers: Record<string, string> = { 'Accept-Language': lang };
    const csrf = csrfToken();
    if (csrf) headers['X-CSRF-Token'] = csrf;
    try {
      const response = await fetch('/api/evidence', {
        method: 'POST',
        body: data,
        headers,
        credentials: 'same-origin',
      });
      if (!response.ok) throw new Error(String(response.status));
      const stored = (await response.json()) as { sha256: string; url: string };
      const set = (key: string, value: string) => {
        const target = item.querySelector<HTMLInputElement>(`[data-item-field="${key}"]`);
        if (target) target.value = value;
      };
      set('sha256', stored.sha256);
      // The kept file's own path: the API checks it against the store and records its size and type.
      set('url', stored.url);
      const title = item.querySelector<HTMLInputElement>('[data-item-field="title"]');
      if (title && !title.value) title.value = file.name;
    } catch {
      say(form.dataset.msgUpload ?? '');
    }
  };

  const addEvidence = (set: HTMLElement): HTMLElement | null => {
    const template = set.querySelector<HTMLTemplateElement>('template[data-evidence-template]');
    const list = set.querySelector('[data-evidence-items]');
    if (!template || !list) return null;
    const n = list.children.length;
    const html = template.innerHTML.replace(/__N__/g, `${n}-${Date.now().toString(36)}`);
    list.insertAdjacentHTML('beforeend', html);
    const form = set.closest('form');
    if (form) numberEvidence(form);
    return list.lastElementChild as HTMLElement | null;
  };

  for (const form of Array.from(
    document.querySelectorAll<HTMLFormElement>('form[data-workspace-form]'),
  )) {
    let sending = false;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
      if (sending) return;
      sending = true;
      void send(form, button).finally(() => (sending = false));
    });
    form.addEventListener('click', (event) => {
      const target = event.target as HTMLElement;
      const add = target.closest<HTMLElement>('[data-evidence-add]');
      if (add) {
        const item = addEvidence(add.closest<HTMLElement>('[data-evidence]')!);
        item?.querySelector<HTMLInputElement>('[data-item-field="title"]')?.focus();
        return;
      }
      const remove = target.closest<HTMLElement>('[data-evidence-remove]');
      if (remove) {
        const set = remove.closest<HTMLElement>('[data-evidence]');
        remove.closest('li')?.remove();
        numberEvidence(form);
        set?.querySelector<HTMLElement>('[data-evidence-add]')?.focus();
      }
    });
    form.addEventListener('change', (event) => {
      const target = event.target as HTMLInputElement;
      if (target.matches('[data-evidence-upload]')) void upload(form, target);
    });
  }
})();
