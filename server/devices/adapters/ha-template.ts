// Home Assistant's value and command templates: Jinja, rendered by @huggingface/jinja (an
// interpreter with its own value types: a template sees only the data it is given, never
// JavaScript objects' prototypes, so a discovery payload from anyone on the broker can't run code).
import { Template } from '@huggingface/jinja';

/** Compiled once per template text; discovery reuses the same few templates for every device. */
const compiled = new Map<string, Template>();
const COMPILED_MAX = 2000;

/** HA's `is_defined` filter only makes a missing key an error; an undefined result is skipped anyway. */
function prepare(source: string): string {
  return source.replace(/\|\s*is_defined\b/g, '');
}

/** Renders `source` with `value` (the payload as text) and `value_json` (parsed, when it is JSON). */
export function renderTemplate(source: string, value: string, valueJson: unknown): string {
  let template = compiled.get(source);
  if (!template) {
    if (compiled.size >= COMPILED_MAX) compiled.clear();
    template = new Template(prepare(source));
    compiled.set(source, template);
  }
  return template.render({ value, value_json: valueJson ?? {} }).trim();
}
