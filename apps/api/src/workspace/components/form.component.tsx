/**
 * One component renders every declared form (forms/forms.ts): its params (which commitment,
 * which report), its fields with label, help and an error slot each tied to the input by
 * `aria-describedby`, an evidence list whose items are added from a template, the
 * Idempotency-Key made when the page was rendered, and the words the script says after sending.
 * `/workspace.js` sends it as JSON to the declared `/api/...` route.
 */
import type { Locale } from '../../portal/i18n/locale';
import type { FormDeclaration, FormField } from '../forms/form-declaration';
import { OPTION_LABELS } from '../forms/forms';
import { workspaceWords } from './workspace-layout';

/** A field's element id from its body path: `evidence[0].sha256` → `f-evidence-0-sha256`. */
export const fieldId = (name: string) =>
  `f-${name.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '')}`;

export interface FormProps {
  locale: Locale;
  form: FormDeclaration;
  /** Values for params and fields, from the page's query. */
  values: Record<string, string>;
  idempotencyKey: string;
}

export function WorkspaceForm({ locale, form, values, idempotencyKey }: FormProps) {
  const w = workspaceWords(locale);
  return (
    <form
      class="ws-form"
      data-workspace-form={form.id}
      data-method={form.method}
      data-path={form.path}
      data-portal-kind={form.portal.kind}
      data-portal-param={'param' in form.portal ? (form.portal.param ?? '') : ''}
      data-msg-success={w.form.success}
      data-msg-replayed={w.form.replayed}
      data-msg-failed={w.form.failed}
      data-msg-network={w.form.network}
      data-msg-upload={w.form.uploadFailed}
      data-msg-sending={w.form.sending}
      data-msg-portal={w.seeInPortal}
      data-msg-partial={w.form.partial}
      data-msg-invalid={w.form.invalid}
      data-bulk={form.bulk?.list}
      data-constant={form.constant ? JSON.stringify(form.constant) : undefined}
      noValidate
    >
      <input type="hidden" name="idempotency-key" value={idempotencyKey} />
      <noscript>
        <p class="notice">{w.form.noScript}</p>
      </noscript>
      <div id="form-summary" class="form-summary" tabIndex={-1} hidden />
      {form.params.length > 0 ? (
        <fieldset class="params">
          <legend>{w.form.params}</legend>
          {form.params.map((param) => (
            <Input
              locale={locale}
              field={{
                name: `:${param.name}`,
                kind: 'text',
                label: param.label,
                required: true,
              }}
              value={values[param.name] ?? ''}
              param
            />
          ))}
        </fieldset>
      ) : null}
      {form.bulk ? (
        <BulkItems locale={locale} form={form} list={form.bulk.list} values={values} />
      ) : (
        <Fields locale={locale} fields={form.fields} values={values} />
      )}
      <p>
        <button type="submit" class="primary">
          {w.form.submit}
        </button>
      </p>
      <p class="muted">
        <a href="/trabajo">{w.form.back}</a>
      </p>
    </form>
  );
}

function Fields(props: {
  locale: Locale;
  fields: readonly FormField[];
  values: Record<string, string>;
}) {
  return (
    <>
      {props.fields.map((field) =>
        field.kind === 'evidence' ? (
          <Evidence locale={props.locale} field={field} />
        ) : (
          <Input locale={props.locale} field={field} value={props.values[field.name] ?? ''} />
        ),
      )}
    </>
  );
}

/** The items the page was opened with (`decisions[0].commitmentId`, `decisions[1]…`), at least one. */
export function bulkCount(list: string, values: Record<string, string>): number {
  const pattern = new RegExp(`^${list}\\[(\\d+)\\]\\.`);
  const indices = Object.keys(values)
    .map((key) => pattern.exec(key)?.[1])
    .filter((i): i is string => i !== undefined)
    .map(Number)
    .filter((i) => i < 100);
  return Math.max(1, ...indices.map((i) => i + 1));
}

/** A bulk form: the item's fields once per item, each group under its own legend. */
function BulkItems(props: {
  locale: Locale;
  form: FormDeclaration;
  list: string;
  values: Record<string, string>;
}) {
  const { locale, form, list, values } = props;
  const w = workspaceWords(locale);
  const prefix = `${list}[0].`;
  return (
    <>
      {Array.from({ length: bulkCount(list, values) }, (_, i) => (
        <fieldset class="bulk-item" data-bulk-item={i}>
          <legend>{w.form.bulkItem.replace('{n}', String(i + 1))}</legend>
          <Fields
            locale={locale}
            values={values}
            fields={form.fields.map((field) =>
              field.name.startsWith(prefix)
                ? { ...field, name: `${list}[${i}].${field.name.slice(prefix.length)}` }
                : field,
            )}
          />
        </fieldset>
      ))}
    </>
  );
}

function Words({ locale, field }: { locale: Locale; field: FormField }) {
  const w = workspaceWords(locale);
  return (
    <>
      {field.label[locale.lang]}{' '}
      <span class="muted">({field.required ? w.form.required : w.form.optional})</span>
    </>
  );
}

function Input(props: { locale: Locale; field: FormField; value: string; param?: boolean }) {
  const { locale, field, value } = props;
  const w = workspaceWords(locale);
  const id = fieldId(field.name);
  const help = field.help?.[locale.lang];
  const describedBy = [help ? `${id}-help` : null, `${id}-error`].filter(Boolean).join(' ');
  const common = {
    id,
    name: field.name,
    'data-field': props.param ? undefined : field.name,
    'data-param': props.param ? field.name.slice(1) : undefined,
    'data-kind': field.kind,
    'aria-describedby': describedBy,
    required: field.required,
  };
  let control;
  switch (field.kind) {
    case 'textarea':
      control = <textarea {...common} rows={4} value={value} />;
      break;
    case 'select':
      control = (
        <select {...common} value={value}>
          <option value="">{w.form.choose}</option>
          {(field.options ?? []).map((option) => (
            <option value={option}>{OPTION_LABELS[option]?.[locale.lang] ?? option}</option>
          ))}
        </select>
      );
      break;
    case 'checkbox':
      control = <input {...common} type="checkbox" value="true" checked={value === 'true'} />;
      break;
    case 'list':
      control = <input {...common} type="text" value={value} />;
      break;
    case 'number':
      control = <input {...common} type="text" inputMode="numeric" value={value} />;
      break;
    default:
      control = (
        <input
          {...common}
          type={field.kind === 'date' ? 'text' : field.kind}
          inputMode={field.kind === 'date' ? 'numeric' : undefined}
          autoComplete="off"
          value={value}
        />
      );
  }
  return (
    <div class={`field field-${field.kind}`}>
      <label for={id}>
        <Words locale={locale} field={field} />
      </label>
      {help ? (
        <p id={`${id}-help`} class="hint">
          {help}
        </p>
      ) : null}
      {control}
      <p id={`${id}-error`} class="field-error" data-error-for={field.name} />
    </div>
  );
}

/** The evidence list: items from a template the script clones (`evidence[i].title`, …). */
function Evidence({ locale, field }: { locale: Locale; field: FormField }) {
  const w = workspaceWords(locale);
  const id = fieldId(field.name);
  const item = (key: string, label: string, input: preact.JSX.Element) => (
    <div class="field">
      <label for={`${id}-__N__-${key}`}>{label}</label>
      {input}
      <p
        id={`${id}-__N__-${key}-error`}
        class="field-error"
        data-error-for={`${field.name}[__N__].${key}`}
      />
    </div>
  );
  const attrs = (key: string) => ({
    id: `${id}-__N__-${key}`,
    'data-item-field': key,
    'aria-describedby': `${id}-__N__-${key}-error`,
  });
  return (
    <fieldset
      class="evidence"
      data-evidence={field.name}
      aria-describedby={`${id}-help ${id}-error`}
    >
      <legend>
        <Words locale={locale} field={field} />
      </legend>
      <p id={`${id}-help`} class="hint">
        {field.help?.[locale.lang]}
      </p>
      <p id={`${id}-error`} class="field-error" data-error-for={field.name} />
      <ol class="evidence-items" data-evidence-items />
      <template data-evidence-template>
        <li class="evidence-item">
          <fieldset>
            <legend data-item-legend>{w.form.evidenceItem}</legend>
            {item('title', w.form.evidenceTitle, <input type="text" {...attrs('title')} />)}
            {item('url', w.form.evidenceUrl, <input type="url" {...attrs('url')} />)}
            {item(
              'sha256',
              w.form.evidenceSha,
              <input type="text" spellcheck={false} autoComplete="off" {...attrs('sha256')} />,
            )}
            {item(
              'classification',
              w.form.evidenceClassification,
              <select {...attrs('classification')}>
                {['public', 'reserved', 'confidential'].map((c) => (
                  <option value={c}>{OPTION_LABELS[c][locale.lang]}</option>
                ))}
              </select>,
            )}
            <div class="field">
              <label for={`${id}-__N__-file`}>{w.form.evidenceFile}</label>
              <input type="file" id={`${id}-__N__-file`} data-evidence-upload />
            </div>
            <button type="button" data-evidence-remove>
              {w.form.evidenceRemove}
            </button>
          </fieldset>
        </li>
      </template>
      <button type="button" data-evidence-add data-item-label={w.form.evidenceItem}>
        {w.form.evidenceAdd}
      </button>
    </fieldset>
  );
}
