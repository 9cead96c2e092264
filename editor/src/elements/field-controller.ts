// What every field element of the property form shares: the reactive properties its form
// sets (label, deploy errors, compact-row display) and the plumbing that reports a new value.
// Data comes down through these properties; changes go up as `value:change` events.
import { nothing, type PropertyDeclarations, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { renderErrors } from './field-styles.ts';
import type { PathError, ValueChangeDetail } from './form-types.ts';

/** The properties of every field: its label and the deploy errors under it. */
export const fieldProperties = {
  label: {},
  errors: { attribute: false },
} satisfies PropertyDeclarations;

/** The properties of a field that may stand in a compact row (one list item on one line). */
export const compactFieldProperties = {
  ...fieldProperties,
  compact: { type: Boolean, reflect: true },
  placeholder: {},
} satisfies PropertyDeclarations;

/** What {@link fieldProperties} declares. */
export interface FieldProps {
  label: string;
  /** Deploy errors for this field, paths relative to it. */
  errors: readonly PathError[];
}

/** What {@link compactFieldProperties} declares. */
export interface CompactFieldProps extends FieldProps {
  /** Shown in a compact row: the label is for screen readers only. */
  compact: boolean;
  /** Shown in the input while it is empty; in a compact row, the field's short name. */
  placeholder: string;
}

type FieldHost = ReactiveControllerHost & HTMLElement & FieldProps & Partial<CompactFieldProps>;

/**
 * The change plumbing of one field element: it sets the shared properties' defaults, sends
 * `value:change` with a typed detail, keeps a problem with the text as typed (not a number,
 * JSON that does not parse) beside the deploy errors, and reflects them all as the host's
 * `invalid` attribute, which the shared styles draw as a red border.
 *
 * @example
 * ```ts
 * class PbTextField extends LitElement {
 *   static override properties = { ...compactFieldProperties, value: {} };
 *   private readonly field = new FieldController<string>(this);
 *   override render() {
 *     return html`<input @input=${(e: Event) => this.field.emit((e.target as HTMLInputElement).value)} />${this.field.renderErrors()}`;
 *   }
 * }
 * ```
 */
export class FieldController<T> implements ReactiveController {
  private problem = '';

  constructor(private readonly host: FieldHost) {
    host.label = '';
    host.errors = [];
    // Lit declares properties as accessors on the prototype: only compact-capable fields have these.
    if ('compact' in host) host.compact = false;
    if ('placeholder' in host) host.placeholder = '';
    host.addController(this);
  }

  /** Reports a new value. Not bubbling: the parent form listens on the field itself. */
  emit(value: T): void {
    // Re-rendering only to clear a problem: otherwise `live()` bindings would put the old
    // value back before the form hands the new one down.
    if (this.problem) {
      this.problem = '';
      this.host.requestUpdate();
    }
    this.host.dispatchEvent(new CustomEvent<ValueChangeDetail<T>>('value:change', { detail: { value } }));
  }

  /** Keeps what was typed without emitting it, and says what is wrong with it. */
  reject(problem: string): void {
    this.problem = problem;
    this.host.requestUpdate();
  }

  /** The deploy errors and, after the last thing typed, what is wrong with it. */
  get errors(): readonly PathError[] {
    return this.problem ? [...this.host.errors, { path: '', message: this.problem }] : this.host.errors;
  }

  get invalid(): boolean {
    return this.errors.length > 0;
  }

  /** The error lines under the field. */
  renderErrors(): TemplateResult | typeof nothing {
    return renderErrors(this.errors);
  }

  hostUpdate(): void {
    this.host.toggleAttribute('invalid', this.invalid);
  }
}
