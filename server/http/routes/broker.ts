import { Router } from 'express';
import type { BrokerPublishRequest, BrokerStatsResponse } from '../../api/contract.ts';
import type { BrokerHandle } from '../../broker/broker.ts';
import { mqttTopicProblem } from '../../node-api/mqtt-topics.ts';
import { fail } from '../../errors.ts';
import { jsonBody } from '../json-body.ts';
import { isPlainObject } from '../../plain-object.ts';
import { allow } from '../auth.ts';

/** The running broker, if any, and where clients reach it; filled in once it listens. */
export interface BrokerAccess {
  handle?: BrokerHandle;
  urls: string[];
}

export function brokerRoutes(access: BrokerAccess): Router {
  const router = Router();
  router.get('/broker', allow('viewer'), (_req, res) => {
    const body: BrokerStatsResponse = { enabled: !!access.handle, urls: access.urls, stats: access.handle?.stats() };
    res.json(body);
  });
  // The topic explorer's "publish a test message".
  router.post('/broker/publish', allow('admin'), async (req, res) => {
    if (!access.handle) throw fail('BROKER_DISABLED');
    const body = jsonBody(req);
    if (!isPlainObject(body)) throw fail('HTTP_BODY_INVALID', 'expected a JSON object { topic, payload }');
    const { topic, payload, qos = 0, retain = false } = body as Partial<BrokerPublishRequest>;
    const problem = typeof topic === 'string' ? mqttTopicProblem(topic) : 'a topic is required';
    if (problem) throw fail('BROKER_TOPIC_INVALID', 'name', String(topic ?? ''), problem);
    if (typeof payload !== 'string' || ![0, 1, 2].includes(qos) || typeof retain !== 'boolean') {
      throw fail('HTTP_BODY_INVALID', 'expected { topic, payload: string, qos?: 0|1|2, retain?: boolean }');
    }
    await access.handle.publish(topic!, payload, { qos, retain });
    res.json({ published: topic });
  });
  return router;
}
