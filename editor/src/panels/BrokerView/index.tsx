import { useCallback, useEffect, useRef, useState } from 'react';
import type { BrokerStatsResponse } from '../../../../server/api/contract.ts';
import { addMessages, emptyTopicTree, type TopicNode } from '../../broker/topic-tree.ts';
import { useBrokerFeed, useEditorState } from '../../store/use-editor.ts';
import { BrokerPublish } from '../BrokerPublish/index.tsx';
import { BrokerStats } from '../BrokerStats/index.tsx';
import { TopicTree } from '../TopicTree/index.tsx';
import './styles.css';

/** How often the stats refresh while the view is open. */
const STATS_MS = 2000;

/** The built-in broker: stats, a topic explorer on a filter, and a publish form. Live only while shown. */
export function BrokerView({ active }: { active: boolean }) {
  const feed = useBrokerFeed();
  const connected = useEditorState((s) => s.connection === 'connected');
  const dropType = useEditorState((s) => (s.catalogue.has('mqtt-in') ? 'mqtt-in' : null));
  const [stats, setStats] = useState<BrokerStatsResponse | null>(null);
  const [problem, setProblem] = useState('');
  const [filter, setFilter] = useState('#');
  const [watching, setWatching] = useState<string | null>(null);
  const [tree, setTree] = useState<TopicNode>(emptyTopicTree);
  // A new object per click, so picking the same topic again puts it back after an edit.
  const [picked, setPicked] = useState<{ topic: string }>({ topic: '' });
  const stop = useRef<(() => Promise<void>) | null>(null);

  useEffect(() => {
    if (!active || !connected) return;
    let cancelled = false;
    const refresh = () => feed.stats().then(
      (s) => { if (!cancelled) setStats(s); },
      (err: Error) => { if (!cancelled) setProblem(`Broker stats unavailable: ${err.message}`); },
    );
    void refresh();
    const timer = setInterval(refresh, STATS_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [active, connected, feed]);

  // A publish changes the counters at once; waiting for the next poll would show stale numbers.
  const refreshStats = useCallback(() => feed.stats().then(setStats, (err: Error) => setProblem(`Broker stats unavailable: ${err.message}`)), [feed]);

  const watch = useCallback(async (topicFilter: string) => {
    await stop.current?.();
    stop.current = null;
    setTree(emptyTopicTree);
    try {
      stop.current = await feed.watch(topicFilter, (batch) => setTree((t) => addMessages(t, batch.messages)));
      setWatching(topicFilter);
      setProblem('');
    } catch (err) {
      setWatching(null);
      setProblem((err as Error).message);
    }
  }, [feed]);

  // Watch while the view is shown and the broker is on; stop when hidden, so an idle editor costs the broker nothing.
  const enabled = stats?.enabled ?? false;
  useEffect(() => {
    if (!active || !connected || !enabled) return;
    void watch(filter);
    return () => {
      void stop.current?.();
      stop.current = null;
      setWatching(null);
    };
    // Re-watching on each keystroke of the filter is not wanted: the form's submit does that.
  }, [active, connected, enabled, watch]);

  if (!active) return null;
  if (stats && !stats.enabled) return <p className="broker-off">The built-in broker is off (started with --no-broker).</p>;
  return (
    <div className="broker-view">
      {problem && <p className="broker-problem" role="alert">{problem}</p>}
      {stats && <BrokerStats response={stats} />}
      <form className="broker-filter" aria-label="Topic filter" onSubmit={(e) => { e.preventDefault(); void watch(filter); }}>
        <input aria-label="Topic filter" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <button type="submit">Watch</button>
      </form>
      {watching && <p className="broker-watching">Watching <code>{watching}</code>{dropType && ' · drag a topic onto the canvas for an mqtt in node'}</p>}
      <TopicTree tree={tree} dropType={dropType} onPick={(topic) => setPicked({ topic })} />
      <BrokerPublish picked={picked} onPublished={() => void refreshStats()} />
    </div>
  );
}
