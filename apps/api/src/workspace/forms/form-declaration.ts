/**
 * A workspace form as data: the fields a person fills (labels and help in Spanish and English),
 * the API command it is sent to (method and path template), and the roles that may send it.
 * One component renders every form (form.component.tsx) and one script submits it
 * (portal/assets/workspace.ts); the unit spec checks each field against the target DTO's
 * class-validator metadata, so a renamed field fails there rather than at a person's desk.
 */
import type { PersonRole } from '@hitos/domain';

export interface Bilingual {
  es: string;
  en: string;
}

export type FieldKind =
  | 'text'
  | 'textarea'
  | 'number'
  | 'date'
  | 'email'
  | 'url'
  | 'select'
  | 'checkbox'
  /** Several ids, one per line or separated by commas: sent as an array of strings. */
  | 'list'
  /** Means of verification: items of title, URL, SHA-256 and classification (EvidenceDto). */
  | 'evidence';

export interface FormField {
  /**
   * The field's path in the JSON body, as the API's errors name it: `percent`,
   * `signatory.name`, `coreGroup[0].memberId`, `evidence` (the items' own names follow).
   */
  name: string;
  kind: FieldKind;
  label: Bilingual;
  help?: Bilingual;
  required?: boolean;
  /** For `select`: the values, each with its words (see OPTION_LABELS). */
  options?: readonly string[];
  /** Filled in with the signed-in person's institution or organization id, or their role. */
  prefill?: 'organization' | 'role';
}

/** A path parameter of the command's route (`:commitmentId`), filled from the page's query. */
export interface FormParam {
  name: string;
  label: Bilingual;
}

/** The portal page that shows what a command changed. */
export type PortalTarget =
  | { kind: 'commitment'; param: string }
  | { kind: 'institution'; param?: string }
  | { kind: 'organization' }
  | { kind: 'plan' }
  | { kind: 'none' };

export interface FormDeclaration {
  /** The page's path under /trabajo/ (Spanish, like the portal's). */
  id: string;
  title: Bilingual;
  intro: Bilingual;
  roles: readonly PersonRole[];
  method: 'POST';
  /** `/api/commitments/:commitmentId/…`: `:name` segments are the params. */
  path: string;
  params: readonly FormParam[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  dto: Function;
  fields: readonly FormField[];
  /** Members the body always carries, not asked (e.g. `supportingActors: []`). */
  constant?: Record<string, unknown>;
  /** Where the success message links to. */
  portal: PortalTarget;
  /**
   * A bulk command (`{ decisions: [...] }`, answered 200 with one result per item): the fields
   * named `<list>[0].…` repeat once per item the page is opened with, and each item's refusal
   * is shown beside that item's fields.
   */
  bulk?: { list: string };
}

/** The `:name` segments of a path template, in order. */
export function pathParams(template: string): string[] {
  return [...template.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]);
}

/** The path with its params filled in (each encoded); null when one is missing. */
export function fillPath(
  template: string,
  values: Record<string, string | undefined>,
): string | null {
  let missing = false;
  const path = template.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = values[name];
    if (!value) missing = true;
    return encodeURIComponent(value ?? '');
  });
  return missing ? null : path;
}
