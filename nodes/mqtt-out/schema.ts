// The config of an mqtt-out node; its static type is what publication.ts works with.
import { Type, type Static } from '#node-api';
import { brokerField } from '../mqtt-broker/connection.ts';

export const outConfig = Type.Object({
  broker: brokerField,
  topic: Type.String({ default: '', title: 'Topic', description: 'Empty = msg.topic', 'x-node-label': '{}' }),
  qos: Type.Union([Type.Literal('', { title: 'From msg.qos' }), Type.Literal(0), Type.Literal(1), Type.Literal(2)], { default: '', title: 'QoS', description: 'Empty = msg.qos (0 when absent)' }),
  retain: Type.Union([Type.Literal('', { title: 'From msg.retain' }), Type.Literal(true, { title: 'Yes' }), Type.Literal(false, { title: 'No' })], { default: '', title: 'Retain', description: 'Empty = msg.retain (false when absent)' }),
  properties: Type.Object({
    contentType: Type.String({ default: '', title: 'Content type', description: 'Empty = msg.contentType' }),
    responseTopic: Type.String({ default: '', title: 'Response topic', description: 'Empty = msg.responseTopic' }),
    userProperties: Type.Record(Type.String(), Type.String(), { default: {}, title: 'User properties', description: 'Empty = msg.userProperties' }),
    messageExpiryInterval: Type.Integer({ default: 0, minimum: 0, maximum: 0xffff_ffff, title: 'Message expiry (s)', description: '0 = msg.messageExpiryInterval, else none' }),
  }, { default: {}, title: 'MQTT 5 properties', description: 'Sent on the built-in broker and over MQTT 5 connections' }),
});

export type OutConfig = Static<typeof outConfig>;
