// Picks the element for one schema property. A function, not an element, so nested objects
// and lists recurse through it without a wrapper element per field.
import { html, nothing, type TemplateResult } from 'lit';
import { propertyHints } from '../../../server/api/shared.ts';
import type { JsonSchema } from '../../../server/node-api/types.ts';
import { codeLanguage, enumOptions, fieldKind } from './field-kind.ts';
import type { FormContext, PathError } from './form-types.ts';
import type { TypedValue } from './fields/typed-value-field.ts';

export interface FieldSpec {
  label: string;
  schema: JsonSchema;
  value: unknown;
  errors: readonly PathError[];
  context: FormContext;
  onChange(value: unknown): void;
  /**
   * Set for a field in a compact row (one list item on one line): `label` stays the
   * accessible name, `caption` is the short visible cue (placeholder, checkbox text), and the
   * description becomes a tooltip instead of a line under the field.
   */
  compact?: { caption: string };
}

/** The field element for `spec.schema`, with the schema's `description` as a hint below it. */
export function renderField(spec: FieldSpec): TemplateResult {
  if (spec.compact) return renderControl(spec);
  const hint = typeof spec.schema.description === 'string' ? html`<div class="hint" part="hint">${spec.schema.description}</div>` : nothing;
  return html`${renderControl(spec)}${hint}`;
}

function renderControl(spec: FieldSpec): TemplateResult {
  const { label, schema, value, errors, context } = spec;
  const onChange = (e: CustomEvent<{ value: unknown }>) => spec.onChange(e.detail.value);
  const compact = spec.compact !== undefined;
  const caption = spec.compact?.caption ?? '';
  const tip = compact ? [caption, schema.description].filter((s) => typeof s === 'string' && s).join(': ') : nothing;
  switch (fieldKind(schema)) {
    case 'config-node':
      return html`<pb-config-node-field .label=${label} .value=${value as string} .configType=${propertyHints(schema).configNode ?? ''}
        .context=${context} .errors=${errors} @value:change=${onChange}></pb-config-node-field>`;
    case 'typed-value':
      return html`<pb-typed-value-field ?compact=${compact} title=${tip} .placeholder=${caption} .label=${label} .value=${value as TypedValue} .types=${propertyHints(schema).typedValue ?? []}
        .errors=${errors} @value:change=${onChange}></pb-typed-value-field>`;
    case 'code':
      return html`<pb-code-field .label=${label} .value=${(value as string) ?? ''} .language=${codeLanguage(schema)!}
        .errors=${errors} @value:change=${onChange}></pb-code-field>`;
    case 'enum':
      return html`<pb-enum-field ?compact=${compact} title=${tip} .label=${label} .value=${value} .options=${enumOptions(schema)!}
        .errors=${errors} @value:change=${onChange}></pb-enum-field>`;
    case 'text':
    case 'password':
      return html`<pb-text-field ?compact=${compact} title=${tip} .placeholder=${caption} .label=${label} .value=${(value as string) ?? ''} ?password=${fieldKind(schema) === 'password'}
        .errors=${errors} @value:change=${onChange}></pb-text-field>`;
    case 'number':
      return html`<pb-number-field ?compact=${compact} title=${tip} .placeholder=${caption} .label=${label} .value=${value as number} .schema=${schema}
        .errors=${errors} @value:change=${onChange}></pb-number-field>`;
    case 'boolean':
      // "true" too: Node-RED saves some flags as strings (see fieldKind)
      return html`<pb-boolean-field ?compact=${compact} title=${tip} .placeholder=${caption} .label=${label} .value=${value === true || value === 'true'} .errors=${errors} @value:change=${onChange}></pb-boolean-field>`;
    case 'list':
      return html`<pb-list-field .label=${label} .value=${(value as unknown[]) ?? []} .itemSchema=${schema.items as JsonSchema}
        .context=${context} .errors=${errors} @value:change=${onChange}></pb-list-field>`;
    case 'object':
      return html`<pb-object-fields .label=${label} .value=${(value as Record<string, unknown>) ?? {}} .schema=${schema}
        .context=${context} .errors=${errors} @value:change=${onChange}></pb-object-fields>`;
    case 'json':
      return html`<pb-json-field .label=${label} .value=${value} .errors=${errors} @value:change=${onChange}></pb-json-field>`;
  }
}
