import { useState } from 'react';
import { useActions, useBrokerFeed } from '../../store/use-editor.ts';

/** Publish a test message to the built-in broker; `onPublished` runs once the broker has it. */
export function BrokerPublish({ defaultTopic, onPublished }: { defaultTopic: string; onPublished?: () => void }) {
  const feed = useBrokerFeed();
  const actions = useActions();
  const [topic, setTopic] = useState('');
  const [payload, setPayload] = useState('');
  const [retain, setRetain] = useState(false);
  const [qos, setQos] = useState<0 | 1 | 2>(0);
  const publish = async (event: React.FormEvent) => {
    event.preventDefault();
    try {
      await feed.publish({ topic: topic || defaultTopic, payload, qos, retain });
      onPublished?.();
      actions.notify('info', `Published to ${topic || defaultTopic}`);
    } catch (err) {
      actions.notify('error', `Publish failed: ${(err as Error).message}`);
    }
  };
  return (
    <form className="broker-publish" aria-label="Publish a message" onSubmit={(e) => void publish(e)}>
      <input aria-label="Topic to publish to" placeholder={defaultTopic || 'topic'} value={topic} onChange={(e) => setTopic(e.target.value)} />
      <textarea aria-label="Payload to publish" placeholder="payload" value={payload} onChange={(e) => setPayload(e.target.value)} />
      <div className="broker-publish-options">
        <label><input type="checkbox" checked={retain} onChange={(e) => setRetain(e.target.checked)} /> Retain</label>
        <label>QoS <select value={qos} onChange={(e) => setQos(Number(e.target.value) as 0 | 1 | 2)}>
          <option value={0}>0</option><option value={1}>1</option><option value={2}>2</option>
        </select></label>
        <button type="submit" disabled={!topic && !defaultTopic}>Publish</button>
      </div>
    </form>
  );
}
