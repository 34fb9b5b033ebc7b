import { renderDocument } from '../../portal/components/render';
import { Locale } from '../../portal/i18n/locale';
import { FormPage } from '../form-page/form.page';
import { formById, FORMS } from '../forms/forms';
import { TodoPage } from '../todo/todo.page';
import { buildTodo, emptyInputs } from '../todo/todo';
import { bulkCount } from './form.component';

const person = { role: 'presidency' as const, organization: null, name: null };
const render = (formId: string, values: Record<string, string> = {}, lang: 'es' | 'en' = 'es') =>
  renderDocument(
    FormPage({
      locale: new Locale(lang),
      path: `/trabajo/${formId}`,
      person,
      csrf: 'csrf-1',
      form: formById(formId)!,
      values,
      idempotencyKey: 'key-1',
    }),
  );

describe('the form component', () => {
  it.each(FORMS.map((f) => f.id))(
    '%s: every control labelled, ids unique, an error slot each',
    (id) => {
      const html = render(id);
      const ids = [...html.matchAll(/<(?:input|select|textarea)[^>]* id="([^"]+)"/g)].map(
        (m) => m[1],
      );
      expect(new Set(ids).size).toBe(ids.length);
      for (const control of ids) {
        expect(html).toContain(`for="${control}"`);
        if (!control.endsWith('-file')) expect(html).toContain(`id="${control}-error"`);
      }
      expect(html).toContain('name="idempotency-key" value="key-1"');
      expect(html).toContain(`data-path="${formById(id)!.path}"`);
    },
  );

  it('repeats a bulk form’s item once per commitment it is opened with', () => {
    const values = {
      'decisions[0].commitmentId': 'a',
      'decisions[1].commitmentId': 'b',
    };
    expect(bulkCount('decisions', values)).toBe(2);
    expect(bulkCount('decisions', {})).toBe(1);
    const html = render('decidir-transferencia', values);
    expect(html.match(/data-bulk-item=/g)).toHaveLength(2);
    expect(html).toContain('<legend>Compromiso 2</legend>');
    expect(html).toContain('name="decisions[1].reason"');
    expect(html).toMatch(/name="decisions\[1\]\.commitmentId"[^>]*value="b"/);
    expect(html).toContain('data-bulk="decisions"');
  });

  it('speaks English when asked', () => {
    const html = render('revisar-reporte', {}, 'en');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h1>Review a progress report</h1>');
    expect(html).toContain('<option value="endorsed">Endorse</option>');
  });

  it('offers the Presidency every pending decision in one form', () => {
    const inputs = emptyInputs();
    for (const id of ['c1', 'c2'])
      inputs.transfers.push({
        commitmentId: id,
        commitmentTitle: id,
        status: 'TransferPending',
        institutionId: 'mdt',
        pendingSince: '2026-11-20',
        concurrences: 1,
        toInstitutionId: null,
      });
    const html = renderDocument(
      TodoPage({
        locale: new Locale('es'),
        path: '/trabajo',
        person,
        csrf: '',
        items: buildTodo('presidency', inputs),
        planId: null,
      }),
    );
    expect(html).toContain(
      'href="/trabajo/decidir-transferencia?decisions%5B0%5D.commitmentId=c1&amp;decisions%5B1%5D.commitmentId=c2"',
    );
    expect(html).toContain('Decidir los 2 pendientes a la vez');
  });
});
