import { IsString } from 'class-validator';
import { checkPath } from './dto-fields';
import { pathParams, fillPath } from './form-declaration';
import { FORMS, OPTION_LABELS, formById, formsFor } from './forms';

describe('the workspace forms, declared as data', () => {
  it.each(FORMS.map((form) => [form.id, form] as const))(
    '%s: every field is a field of the target DTO',
    (_, form) => {
      const problems = form.fields
        .flatMap((field) =>
          field.kind === 'evidence'
            ? ['title', 'url', 'sha256', 'classification'].map((p) => `${field.name}[0].${p}`)
            : [field.name],
        )
        .concat(Object.keys(form.constant ?? {}))
        .map((path) => checkPath(form.dto, path))
        .filter(Boolean);
      expect(problems).toEqual([]);
    },
  );

  it.each(FORMS.map((form) => [form.id, form] as const))(
    '%s: its params are its path’s, its options have words, its labels both languages',
    (_, form) => {
      expect(form.params.map((p) => p.name)).toEqual(pathParams(form.path));
      expect(form.path.startsWith('/api/')).toBe(true);
      for (const field of form.fields) {
        expect(field.label.es).not.toBe('');
        expect(field.label.en).not.toBe('');
        for (const option of field.options ?? []) expect(OPTION_LABELS[option]).toBeDefined();
      }
    },
  );

  it('fails a renamed field: the check reads the DTO’s metadata', () => {
    class Nested {
      @IsString() name!: string;
    }
    class Target {
      @IsString() title!: string;
    }
    expect(checkPath(Target, 'title')).toBeNull();
    expect(checkPath(Target, 'titel')).toBe('Target has no field "titel"');
    expect(checkPath(Target, 'title.name')).toMatch(/not a nested object/);
    expect(checkPath(Nested, 'name')).toBeNull();
  });

  it('has unique ids, and a form for each role’s tasks', () => {
    expect(new Set(FORMS.map((f) => f.id)).size).toBe(FORMS.length);
    expect(formsFor('counterpart').map((f) => f.id)).toEqual([
      'firmar-acta',
      'opinar-pregunta',
      'presentar-informe',
      'revisar-reporte',
      'recibir-avisos',
      'quitar-aviso',
    ]);
    expect(formsFor('core-group').map((f) => f.id)).toEqual([
      'concurrir-reprogramacion',
      'rechazar-reprogramacion',
      'concurrir-transferencia',
      'recibir-avisos',
      'quitar-aviso',
    ]);
    // The auditor gets no notices: nothing in hitos waits on them.
    expect(formsFor('auditor').map((f) => f.id)).toEqual(['evaluacion-mri']);
    expect(formById('recibir-avisos')).toMatchObject({
      path: '/api/notices/recipients',
      constant: { channel: 'email' },
    });
    expect(formById('reportar-avance')?.path).toBe(
      '/api/commitments/:commitmentId/milestones/:milestoneId/progress-reports',
    );
  });

  it('fills a path template, refusing a missing param', () => {
    const template = '/api/commitments/:commitmentId/progress-reports/:reportId/reviews';
    expect(fillPath(template, { commitmentId: 'a b', reportId: 'r1' })).toBe(
      '/api/commitments/a%20b/progress-reports/r1/reviews',
    );
    expect(fillPath(template, { commitmentId: 'a' })).toBeNull();
  });
});
