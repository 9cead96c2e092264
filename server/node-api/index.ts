/**
 * The public node API. Every node type, core ones included, is written against this
 * module and nothing else from the server. This file only re-exports: each part lives in
 * a module of its own, none of which imports this one.
 */
import './editor-hints.ts';

export { Type } from '@sinclair/typebox';
export type { Static, TObject, TSchema } from '@sinclair/typebox';
export type * from './types.ts';
export { defineNode, type NodeType, type NodeHandlers } from './node-type.ts';
export type { NodeContext, ContextScope, ConfigNodeInfo } from './node-context.ts';
export type * from './mqtt.ts';
export { devicePicker } from './devices.ts';
export type { DeviceSource, EntityKind, PropertyType, DeviceProperty, DeviceEntity, DeviceInfo, DeviceStateChange, DevicePresenceChange, DevicesCapability } from './devices.ts';
export type * from './host.ts';
export type * from './net.ts';
export { EDITOR_FORMATS, configNodeOf, showWhen } from './editor-hints.ts';
export { NodeConfigError, NodeRuntimeError, errorMessage } from './errors.ts';
export { HttpReply } from './http.ts';
export type { HttpCapability, HttpCookie, HttpMethod, HttpRequestInfo, HttpResponse, HttpRouteOptions } from './http.ts';
export { getProperty, setProperty, deleteProperty, parsePath } from './message-path.ts';
export { typedValue, compileTypedValue, compileJsonata, rethrowJsonata, TYPED_VALUE_TYPES } from './typed-value.ts';
export { SCOPES, isScope, checkPropertyPath, readScoped, writeScoped, deleteScoped, type Scope } from './scoped-property.ts';
export { cloneMessage } from './clone.ts';
export { setLongTimeout, setLongInterval, type Timer } from './long-timer.ts';
export { DropCounter, warnDrops, type DropReport } from './drop-counter.ts';
export { HeldSequences, type HeldSequencesOptions } from './held-sequences.ts';
export { mqttTopicProblem, mqttFilterProblem, parseSharedFilter, type SharedFilter } from './mqtt-topics.ts';
export type { TypedValue, TypedValueType, TypedValueReader, ValueSource } from './typed-value.ts';
