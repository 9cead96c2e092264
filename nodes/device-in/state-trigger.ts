// Which state reports make device-in fire: Home Assistant's state trigger. "Only when the
// value changes" drops repeated reports; "from" and "to" compare with the value before and
// after; "for at least N seconds" waits until the value has held that long: a change to
// another matching value restarts the wait, a change to a value that doesn't match cancels it.
import { setLongTimeout, type DeviceStateChange, type Timer } from '#node-api';

export interface TriggerOptions {
  changesOnly: boolean;
  /** undefined = any value. */
  from?: (value: unknown) => boolean;
  to?: (value: unknown) => boolean;
  forMs: number;
}

export class StateTrigger {
  /** Waiting reports, per property. */
  private readonly waiting = new Map<string, Timer>();

  constructor(private readonly opts: TriggerOptions, private readonly fire: (change: DeviceStateChange) => void) {}

  report(change: DeviceStateChange): void {
    const { changesOnly, from, to, forMs } = this.opts;
    const matches = (!to || to(change.value)) && (!from || from(change.previous));
    if (forMs <= 0) {
      if ((!changesOnly || change.changed) && matches) this.fire(change);
      return;
    }
    // A repeated value neither restarts nor cancels the wait: the value still holds.
    if (!change.changed) return;
    this.cancel(change.property);
    if (!matches) return;
    this.waiting.set(change.property, setLongTimeout(forMs, () => {
      this.waiting.delete(change.property);
      this.fire(change);
    }));
  }

  stop(): void {
    for (const property of [...this.waiting.keys()]) this.cancel(property);
  }

  private cancel(property: string): void {
    this.waiting.get(property)?.cancel();
    this.waiting.delete(property);
  }
}

/** Equality of a reported value with the one a person chose (already in the property's type). */
export function sameAs(expected: unknown): (value: unknown) => boolean {
  return (value) => value === expected || (typeof value === 'object' && value !== null && JSON.stringify(value) === JSON.stringify(expected));
}
