import { useLayoutEffect, useRef, type RefObject } from 'react';

type Handlers = Record<string, (event: CustomEvent) => void>;

/**
 * Hosts a custom element (a Lit form element) inside a React component: the element is
 * created once, its properties are assigned on every render (Lit skips unchanged ones),
 * and `handlers` listen to its events. Properties, not attributes, so objects pass through.
 *
 * @example
 * ```tsx
 * const host = useElement('pb-json-view', { value }, {});
 * return <div ref={host} />;
 * ```
 */
export function useElement<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]>,
  handlers: Handlers,
): RefObject<HTMLDivElement | null> {
  const host = useRef<HTMLDivElement>(null);
  const element = useRef<HTMLElementTagNameMap[K] | null>(null);
  const latestHandlers = useRef(handlers);
  latestHandlers.current = handlers;

  useLayoutEffect(() => {
    const el = document.createElement(tag);
    element.current = el;
    // Listen through the ref so handlers may change between renders without re-binding.
    const listeners = Object.keys(latestHandlers.current).map((name) => {
      const listener = (e: Event) => latestHandlers.current[name]?.(e as CustomEvent);
      el.addEventListener(name, listener);
      return () => el.removeEventListener(name, listener);
    });
    host.current!.replaceChildren(el);
    return () => {
      for (const remove of listeners) remove();
      el.remove();
      element.current = null;
    };
  }, [tag]);

  useLayoutEffect(() => {
    if (element.current) Object.assign(element.current, props);
  });

  return host;
}
