import { useEffect, useState } from 'react';
import { errorMessage } from '../../../../server/api/shared.ts';
import { useActions, useBrokerFeed } from '../../store/use-editor.ts';

/**
 * Publish a test message to the built-in broker; `picked` (a topic clicked in the topic tree)
 * becomes the topic to publish to. `onPublished` runs once the broker has it.
 */
export function BrokerPublish({ picked, onPublished }: { picked: { topic: string }; onPublished?: () => void }) {
  const feed = useBrokerFeed();
  const actions = useActions();
  const [topic, setTopic] = useState(picked.topic);
  useEffect(() => setTopic(picked.topic), [picked]);
  const [payload, setPayload] = useState('');
  const [retain, setRetain] = useState(false);
  const [qos, setQos] = useState<0 | 1 | 2>(0);
  const publish = async (event: React.FormEvent) => {
    event.preventDefault();
    try {
      await feed.publish({ topic, payload, qos, retain });
      onPublished?.();
      actions.notify('info', `Published to ${topic}`);
    } catch (err) {
      actions.notify('error', `Publish failed: ${errorMessage(err)}`);
    }
  };
  return (
    <form className="broker-publish" aria-label="Publish a message" onSubmit={(e) => void publish(e)}>
      <input aria-label="Topic to publish to" placeholder="topic" value={topic} onChange={(e) => setTopic(e.target.value)} />
      <textarea aria-label="Payload to publish" placeholder="payload" value={payload} onChange={(e) => setPayload(e.target.value)} />
      <div className="broker-publish-options">
        <label><input type="checkbox" checked={retain} onChange={(e) => setRetain(e.target.checked)} /> Retain</label>
        <label>QoS <select value={qos} onChange={(e) => setQos(Number(e.target.value) as 0 | 1 | 2)}>
          <option value={0}>0</option><option value={1}>1</option><option value={2}>2</option>
        </select></label>
        <button type="submit" disabled={!topic}>Publish</button>
      </div>
    </form>
  );
}
