// Every error the server reports has a code, defined once here with its HTTP status.
// Codes are never reused once shipped.
import { format } from 'node:util';

export class PatchbayError extends Error {
  override name = 'PatchbayError';
  constructor(readonly code: string, readonly status: number, message: string, readonly details?: unknown, options?: { cause?: unknown }) {
    super(message, options);
  }
}

function code(status: number, template: string) {
  return { status, template };
}

export const E = {
  HTTP_NOT_FOUND: code(404, 'No route for %s %s'),
  HTTP_BODY_INVALID: code(400, 'Invalid request body: %s'),
  HTTP_BODY_TOO_LARGE: code(413, 'Request body is larger than %d bytes'),
  HTTP_BODY_UNSUPPORTED: code(415, 'Unsupported request body: %s'),
  HTTP_BAD_REQUEST: code(400, 'Bad request: %s'),
  HTTP_INTERNAL: code(500, 'Internal error: %s'),
  FLOWS_INVALID: code(400, 'The flow document has %d error(s)'),
  FLOWS_REV_CONFLICT: code(409, 'Flows changed on the server (yours %s, current %s)'),
  FLOWS_FILE_UNREADABLE: code(500, 'Cannot read flow file %s: %s'),
  FLOWS_FILE_NOT_STARTED: code(500, 'Flow file %s was not started: %s'),
  FLOWS_NOT_SAVED: code(500, 'The deploy could not be saved (%s), so it was undone: the previous flows run'),
  NODE_NOT_FOUND: code(404, 'No deployed node with id "%s"'),
  NODE_NOT_TRIGGERABLE: code(400, 'Node "%s" (%s) has no button to trigger'),
  NODE_NOT_RUNNING: code(409, 'Node "%s" is not running: %s'),
  NODE_TYPE_UNKNOWN: code(400, 'Unknown node type "%s"'),
  NODE_TYPE_DUPLICATE: code(500, 'Node type "%s" from %s is already registered by %s'),
  NODE_MODULE_INVALID: code(500, 'Node module %s is invalid: %s'),
  NODE_PACKAGE_INVALID: code(500, 'Node package %s is invalid: %s'),
  NODE_API_MISMATCH: code(500, 'Node package %s is written for node API version %s; this Patchbay implements version %d'),
  NODE_CLOSE_TIMEOUT: code(500, 'Node %s did not close within %d ms'),
  CREDENTIALS_UNREADABLE: code(500, 'Cannot decrypt credentials file %s: %s'),
  CREDENTIALS_KEY_INVALID: code(500, 'Invalid credential key in %s: %s'),
  CONTEXT_FILE_INVALID: code(500, 'Context file %s is damaged (%s); moved to %s and that scope starts empty'),
  CONTEXT_NOT_SAVED: code(500, 'Context %s could not be saved (%s); trying again at the next flush'),
  SETTINGS_INVALID: code(500, 'Invalid setting %s: %s'),
  BROKER_PORT_IN_USE: code(
    500,
    'MQTT port %d on %s is already in use. Stop the other MQTT broker, choose another port with ' +
      '--mqtt-port, or use that broker instead with --no-broker --broker-url mqtt://%s:%d',
  ),
  BROKER_LISTEN_FAILED: code(500, 'Cannot listen for MQTT on %s port %d: %s'),
  BROKER_OPTIONS_INVALID: code(500, 'Invalid broker setting %s: %s'),
  BROKER_STORE_FAILED: code(500, 'Cannot open the broker store %s: %s'),
  BROKER_TLS_UNREADABLE: code(500, 'Cannot read the MQTT TLS %s file %s: %s'),
  BROKER_TOPIC_INVALID: code(400, 'Invalid MQTT topic %s "%s": %s'),
  BROKER_CLOSED: code(503, 'The broker is closed'),
  BROKER_DISABLED: code(404, 'The built-in broker is not running (turned off by --no-broker or a brokerUrl)'),
  BROKER_WATCH_INVALID: code(400, 'Cannot watch that filter: %s'),
  BROKER_WATCH_FAILED: code(500, 'Cannot watch the broker: %s'),
  AUTH_REQUIRED: code(401, 'Login required'),
  // Import
  IMPORT_FORMAT_UNKNOWN: code(400, 'Unknown import format "%s": the importer reads "node-red"'),
  IMPORT_NOT_NODE_RED: code(400, 'Not a Node-RED flow file: %s'),
  IMPORT_ENTRY_INVALID: code(400, 'Node-RED flow file entry %d%s: %s'),
  IMPORT_ARGUMENTS_INVALID: code(400, 'Invalid arguments: %s'),
  IMPORT_DUPLICATE_ID: code(400, 'Node-RED flow file entries %d and %d have the same id "%s"'),
  EXPORT_FLOW_NOT_FOUND: code(404, 'No flow with id "%s" (flows: %s)'),
} as const;

export type ErrorCode = keyof typeof E;

/** Builds the error for a code, filling its message template with `args`. */
export function fail(errorCode: ErrorCode, ...args: unknown[]): PatchbayError {
  const { status, template } = E[errorCode];
  return new PatchbayError(errorCode, status, format(template, ...args));
}

/** The same, keeping the underlying error as `cause`. */
export function failFrom(cause: unknown, errorCode: ErrorCode, ...args: unknown[]): PatchbayError {
  const { status, template } = E[errorCode];
  return new PatchbayError(errorCode, status, format(template, ...args), undefined, { cause });
}

/** The same, with structured details for the response body. */
export function failWith(errorCode: ErrorCode, details: unknown, ...args: unknown[]): PatchbayError {
  const { status, template } = E[errorCode];
  return new PatchbayError(errorCode, status, format(template, ...args), details);
}
