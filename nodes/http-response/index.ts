// http-response: answers the request a message from http-in carries in msg.res
// (Node-RED's "http response").
import { defineNode, HttpReply, Type } from '#node-api';
import { checkConfigHeaders } from '../http-request/headers.ts';
import { bodyFrom, cookiesFrom, headersFrom, statusFrom } from './response.ts';

export default defineNode({
  type: 'http-response',
  version: 1,
  category: 'network',
  label: 'http response',
  color: '#e7e7ae',
  icon: 'http',
  inputs: 1,
  outputs: 0,
  config: Type.Object({
    statusCode: Type.Union([Type.Integer({ minimum: 200, maximum: 599 }), Type.Literal('')], {
      default: '', title: 'Status code', description: 'Empty = msg.statusCode, else 200',
    }),
    headers: Type.Record(Type.String(), Type.String(), {
      default: {}, title: 'Headers', description: 'Sent with every response; msg.headers cannot override them',
    }),
  }),
  create(node) {
    const { statusCode, headers: fixedHeaders } = node.config;
    checkConfigHeaders(fixedHeaders);
    return {
      input(msg) {
        const reply = msg.res;
        if (!(reply instanceof HttpReply)) {
          node.warn('No request to answer: msg.res is missing (the message must come from an http in node)');
          return;
        }
        const { body, contentType } = bodyFrom(msg.payload);
        const response = {
          statusCode: statusCode === '' ? statusFrom(msg.statusCode) : statusCode,
          headers: headersFrom(fixedHeaders, msg.headers, contentType),
          cookies: cookiesFrom(msg.cookies),
          body,
        };
        if (!reply.send(response)) node.warn('The request was already answered, timed out, or its client went away');
      },
    };
  },
});
