// Shows how many messages the node holds, throttled: a busy queue would otherwise send a
// status event per message to every editor.
import type { NodeContext } from '#node-api';

export interface DepthStatus {
  update(count: number): void;
  stop(): void;
}

export function depthStatus(node: NodeContext<unknown>, intervalMs = 250): DepthStatus {
  let shown = 0; // nothing is shown at start, which reads as 0
  let latest = 0;
  let lastShownAt = 0;
  let timer: NodeJS.Timeout | undefined;
  const show = () => {
    timer = undefined;
    if (latest === shown) return;
    shown = latest;
    lastShownAt = Date.now();
    node.status(latest > 0 ? { fill: 'blue', shape: 'dot', text: String(latest) } : {});
  };
  return {
    update(count) {
      latest = count;
      if (timer) return;
      const wait = lastShownAt + intervalMs - Date.now();
      if (wait <= 0) show();
      else timer = setTimeout(show, wait);
    },
    stop: () => clearTimeout(timer),
  };
}
