// Every error the server reports has a code, defined once here with its HTTP status.
// Codes are never reused once shipped.
import { format } from 'node:util';

/** Something that went wrong while undoing a failed operation: what now differs from before it. */
export interface Incident {
  code: string;
  message: string;
  node?: string | null;
}

export class PatchbayError extends Error {
  override name = 'PatchbayError';
  /** Failures while putting things back after this error; each is also logged with its code. */
  readonly incidents: Incident[] = [];
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
  HTTP_PORT_IN_USE: code(500, 'Port %d on %s is in use: choose another with --port (or --port 0 for any free port)'),
  FLOWS_INVALID: code(400, 'The flow document has %d error(s)'),
  FLOWS_REV_CONFLICT: code(409, 'Flows changed on the server (yours %s, current %s)'),
  FLOWS_FILE_UNREADABLE: code(500, 'Cannot read flow file %s: %s'),
  FLOWS_FILE_NOT_STARTED: code(500, 'Flow file %s was not started: %s'),
  FLOWS_ROLLBACK_FAILED: code(500, 'After the refused deploy, node %s of the previous flows could not be started again: %s'),
  FLOWS_NOT_SAVED: code(500, 'The deploy could not be saved (%s), so it was undone: the previous flows run'),
  NODE_NOT_FOUND: code(404, 'No deployed node with id "%s"'),
  NODE_NOT_TRIGGERABLE: code(400, 'Node "%s" (%s) has no button to trigger'),
  NODE_NOT_RUNNING: code(409, 'Node "%s" is not running: %s'),
  NODE_TYPE_UNKNOWN: code(400, 'Unknown node type "%s"'),
  NODE_TYPE_DUPLICATE: code(500, 'Node type "%s" from %s is already registered by %s'),
  NODE_MODULE_INVALID: code(500, 'Node module %s is invalid: %s'),
  NODE_PACKAGE_INVALID: code(500, 'Node package %s is invalid: %s'),
  NODE_API_MISMATCH: code(500, 'Node package %s is written for node API version %s; this Patchbay implements version %d'),
  NODE_PACKAGE_LOAD_FAILED: code(500, 'Node package %s failed to load: %s'),
  NODE_PACKAGE_NOT_FOUND: code(404, 'No node package "%s" is installed (installed: %s)'),
  NODE_PACKAGE_IN_USE: code(409, 'Node package %s is used by nodes in flows: %s'),
  NODE_PACKAGE_SPEC_INVALID: code(400, 'Cannot install "%s": %s'),
  NODE_PACKAGE_INSTALL_FAILED: code(500, 'Installing %s failed: %s'),
  NODE_PACKAGE_NAME_INVALID: code(400, 'Invalid package name "%s": %s'),
  NODE_PACKAGE_EXISTS: code(409, 'Cannot create %s: the folder exists already'),
  NODE_CLOSE_TIMEOUT: code(500, 'Node %s did not close within %d ms'),
  CREDENTIALS_UNREADABLE: code(500, 'Cannot decrypt credentials file %s: %s'),
  CREDENTIALS_KEY_INVALID: code(500, 'Invalid credential key in %s: %s'),
  CONTEXT_FILE_INVALID: code(500, 'Context file %s is damaged (%s); moved to %s and that scope starts empty'),
  CONTEXT_STORE_UNKNOWN: code(400, 'Unknown context store "%s" (use %s)'),
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
  // Broker security: refusals and limits of the built-in broker, as its log and MQTT 5 Reason Strings give them
  BROKER_ANONYMOUS_BROWSER: code(403, 'Anonymous MQTT over WebSocket from a web page (Origin %s) is refused: log in with an account, or set mqtt.allowAnonymousWebSocket'),
  BROKER_ANONYMOUS_REFUSED: code(403, 'Anonymous MQTT is not allowed from %s (mqtt.anonymous is %s)'),
  BROKER_LOGIN_FAILED: code(401, 'Bad MQTT user name or password'),
  BROKER_ROLE_REFUSED: code(403, 'Account "%s" is a viewer: viewers may not use MQTT'),
  BROKER_LOGIN_RATE_LIMITED: code(429, 'Too many failed MQTT logins from %s: refused without checking the password for %d s'),
  BROKER_ACCOUNT_CHANGED: code(403, 'Account "%s" %s: its MQTT connection is closed'),
  BROKER_PUBLISH_RATE_EXCEEDED: code(429, 'Client %s publishes faster than mqtt.maxPublishRate (%d a second, bursts of %d): %d publish(es) refused'),
  // MQTT: the connections behind node.mqtt (server/mqtt); mqtt in/out list them in their help
  MQTT_NO_BROKER: code(
    503,
    'No MQTT broker: the built-in broker is off and no broker URL is set (start with --broker-url, or without --no-broker)',
  ),
  MQTT_SPEC_INVALID: code(400, 'Invalid MQTT connection spec %s: %s'),
  MQTT_CONNECT_FAILED: code(502, 'Cannot connect to %s: %s'),
  MQTT_TLS_UNREADABLE: code(500, 'Cannot read the TLS %s from %s: %s'),
  MQTT_NOT_CONNECTED: code(503, 'Not connected to %s yet'),
  MQTT_CONNECTION_CLOSED: code(503, 'MQTT connection closed'),
  MQTT_NOT_SENT: code(503, 'MQTT connection closed before the message was sent'),
  MQTT_QUEUE_FULL: code(503, 'Not sent: %s is unreachable and %d messages already wait for it'),
  MQTT_SUBSCRIBE_REFUSED: code(502, 'Refused by %s: %s'),
  MQTT_PUBLISH_FAILED: code(502, 'Not published to "%s": %s'),
  MQTT_NODE_STOPPED: code(503, 'The node has stopped'),
  AUTH_REQUIRED: code(401, 'Login required'),
  AUTH_FORBIDDEN: code(403, 'A %s may not do this; it needs the %s role'),
  AUTH_LOGIN_FAILED: code(401, 'Wrong username or password'),
  AUTH_LINK_INVALID: code(401, 'This login link was already used or has expired; ask the admin for a new one'),
  AUTH_RATE_LIMITED: code(429, 'Too many failed logins; try again in %d s'),
  AUTH_USERNAME_INVALID: code(400, 'Invalid username "%s": use 1 to 64 letters, digits, ".", "_", "@" or "-"'),
  AUTH_USER_EXISTS: code(409, 'User "%s" already exists'),
  AUTH_USER_UNKNOWN: code(404, 'No user "%s"'),
  AUTH_TOKEN_UNKNOWN: code(404, 'No token with id "%s"'),
  AUTH_PASSWORD_WEAK: code(400, 'A password needs at least %d characters'),
  AUTH_PASSWORD_WRONG: code(403, 'The current password is wrong'),
  AUTH_USERS_FILE_INVALID: code(500, 'Cannot read the accounts file %s: %s'),
  AUTH_SETTINGS_INSECURE: code(500, '%s'),
  HTTP_HOST_REFUSED: code(403, 'Host "%s" is not a name of this server (a DNS rebinding attempt?); if it is yours, add it to http.allowedHosts in settings.json'),
  HTTP_ORIGIN_REFUSED: code(403, 'Requests from %s are refused: only pages of this server may change it (add trusted origins to http.allowedOrigins)'),
  SERVER_STOPPING: code(503, 'Patchbay is shutting down'),
  SERVER_STARTING: code(503, 'Patchbay is starting: the stored flows do not run yet; try again in a moment'),
  // Devices
  DEVICE_NOT_FOUND: code(404, 'No device with id "%s"'),
  DEVICE_PROPERTY_UNKNOWN: code(400, 'Device "%s" has no property "%s" (it has %s)'),
  DEVICE_PROPERTY_READ_ONLY: code(400, 'Property "%s" of device "%s" can only be read'),
  DEVICE_VALUE_INVALID: code(400, 'Invalid value for property "%s" of device "%s": %s'),
  DEVICE_NOT_ANNOUNCED: code(409, 'Device "%s" is known from before the restart but has not announced itself since, so how to command it is not known yet'),
  DEVICE_COMMAND_INVALID: code(400, 'Invalid device command: %s'),
  DEVICE_COMMAND_FAILED: code(502, 'The command to device "%s" could not be sent: %s'),
  DEVICE_STATE_UNREADABLE: code(500, 'Device state file %s is damaged (%s); moved to %s, devices are found again from the broker'),
  DEVICE_STATE_NOT_SAVED: code(500, 'Device state could not be saved to %s (%s); trying again later'),
  SIMULATOR_BROKER_UNREACHABLE: code(500, 'patchbay simulate: cannot connect to %s: %s'),
  // Import
  IMPORT_FORMAT_UNKNOWN: code(400, 'Unknown import format "%s": the importer reads "node-red"'),
  IMPORT_NOT_NODE_RED: code(400, 'Not a Node-RED flow file: %s'),
  IMPORT_ENTRY_INVALID: code(400, 'Node-RED flow file entry %d%s: %s'),
  IMPORT_ARGUMENTS_INVALID: code(400, 'Invalid arguments: %s'),
  IMPORT_DUPLICATE_ID: code(400, 'Node-RED flow file entries %d and %d have the same id "%s"'),
  IMPORT_FILE_INVALID: code(400, 'Cannot import %s: %s'),
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
