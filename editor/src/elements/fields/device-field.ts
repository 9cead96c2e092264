import { LitElement, html, nothing } from 'lit';
import type { DeviceInfo, DeviceProperty } from '../../../../server/api/contract.ts';
import type { DevicePickerKind } from '../../../../server/node-api/types.ts';
import { DeviceCatalogController } from '../device-catalog.ts';
import { fieldProperties, FieldController, type FieldProps } from '../field-controller.ts';
import { fieldStyles } from '../field-styles.ts';

/**
 * A device picker fed by the device registry: a device; a property of the device chosen in
 * the sibling `device`; or a value for the sibling `property` (on/off, an enum's values, a
 * number in range). The value stays a string; a device or property that is gone stays
 * selected, marked missing, so the node keeps its config.
 *
 * @fires value:change - `{ value: string }` when another choice is made
 * @csspart select - the select element (for choices)
 * @csspart input - the text input (numbers and text)
 * @csspart error - the error text
 */
export class PbDeviceField extends LitElement {
  static override properties = {
    ...fieldProperties,
    kind: {},
    value: { attribute: false },
    siblings: { attribute: false },
  };
  static override styles = fieldStyles;

  declare kind: DevicePickerKind;
  declare value: string;
  /** The other keys of the same config: `device` and `property` choose what is offered. */
  declare siblings: Record<string, unknown>;
  private readonly field = new FieldController<string>(this);
  private readonly catalog = new DeviceCatalogController(this);

  constructor() {
    super();
    this.kind = 'device';
    this.value = '';
    this.siblings = {};
  }

  override render() {
    const device = this.catalog.devices.find((d) => d.id === this.siblings.device);
    const choices = this.choices(device);
    const control = choices === null
      ? html`<input id="field" part="input" .value=${this.value ?? ''} placeholder=${this.hintFor(device)}
          @change=${(e: Event) => this.field.emit((e.target as HTMLInputElement).value)}>`
      : this.select(choices);
    return html`<label for="field">${this.label}</label>${control}
      ${this.catalog.problem ? html`<div class="hint">${this.catalog.problem}</div>` : nothing}${this.field.renderErrors()}`;
  }

  private select(choices: Array<{ value: string; label: string }>) {
    const known = choices.some((c) => c.value === (this.value ?? ''));
    const missing = !known && this.value ? html`<option value=${this.value} selected>${this.value} (not found now)</option>` : nothing;
    return html`<select id="field" part="select" @change=${(e: Event) => this.field.emit((e.target as HTMLSelectElement).value)}>
      ${missing}${choices.map((c) => html`<option value=${c.value} .selected=${c.value === (this.value ?? '')}>${c.label}</option>`)}
    </select>`;
  }

  /** The choices, or null when the value is typed (a number, text). */
  private choices(device: DeviceInfo | undefined): Array<{ value: string; label: string }> | null {
    const none = { value: '', label: '—' };
    switch (this.kind) {
      case 'device':
        return [{ value: '', label: '(choose a device)' }, ...[...this.catalog.devices].sort((a, b) => a.name.localeCompare(b.name))
          .map((d) => ({ value: d.id, label: `${d.name} (${d.source}${d.online ? '' : ', offline'})` }))];
      case 'property':
      case 'settable':
        return [none, ...(device?.entities ?? []).flatMap((e) => e.properties
          .filter((p) => this.kind === 'property' || p.settable)
          .map((p) => ({ value: p.id, label: `${p.id} · ${e.name}${p.unit ? ` (${p.unit})` : ''}` })))];
      default: {
        const property = this.property(device);
        if (property?.type === 'boolean') return [none, { value: 'on', label: 'on' }, { value: 'off', label: 'off' }, ...(this.kind === 'command' ? [{ value: 'toggle', label: 'toggle' }] : [])];
        if (property?.type === 'enum') return [none, ...(property.values ?? []).map((v) => ({ value: v, label: v }))];
        return null;
      }
    }
  }

  private property(device: DeviceInfo | undefined): DeviceProperty | undefined {
    return device?.entities.flatMap((e) => e.properties).find((p) => p.id === this.siblings.property);
  }

  private hintFor(device: DeviceInfo | undefined): string {
    const p = this.property(device);
    if (!p) return '';
    const range = p.min !== undefined && p.max !== undefined ? `${p.min} to ${p.max}` : p.type;
    return p.unit ? `${range} ${p.unit}` : range;
  }
}
customElements.define('pb-device-field', PbDeviceField);

export interface PbDeviceField extends FieldProps {}

declare global {
  interface HTMLElementTagNameMap {
    'pb-device-field': PbDeviceField;
  }
}
