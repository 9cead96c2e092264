// Shows how many messages the node holds, and how many the queue limit dropped, throttled: a
// busy queue would otherwise send a status event per message to every editor.
import type { DropCounter, NodeContext, NodeStatus } from '#node-api';

export interface DepthStatus {
  update(count: number): void;
  stop(): void;
}

export function depthStatus(node: NodeContext<unknown>, drops: DropCounter, intervalMs = 250): DepthStatus {
  let shown = '{}'; // nothing is shown at start, which reads as 0
  let latest = 0;
  let lastShownAt = 0;
  let timer: NodeJS.Timeout | undefined;
  const show = () => {
    timer = undefined;
    const status = statusOf(latest, drops.total);
    const key = JSON.stringify(status);
    if (key === shown) return;
    shown = key;
    lastShownAt = Date.now();
    node.status(status);
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

/** "12" while holding; "12 (3 dropped)" once the queue limit dropped some; cleared when idle and nothing dropped. */
function statusOf(held: number, dropped: number): NodeStatus {
  if (dropped > 0) return { fill: 'yellow', shape: held > 0 ? 'dot' : 'ring', text: held > 0 ? `${held} (${dropped} dropped)` : `${dropped} dropped` };
  return held > 0 ? { fill: 'blue', shape: 'dot', text: String(held) } : {};
}
