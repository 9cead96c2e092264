// Every node mapping, by Node-RED type and by Patchbay type.
import type { NodeMapping } from '../mapper.ts';
import { commonMappings } from './common.ts';
import { functionMappings } from './function.ts';
import { httpMappings } from './http.ts';
import { mqttMappings } from './mqtt.ts';
import { networkMappings } from './network.ts';
import { parserMappings } from './parsers.ts';
import { sequenceMappings } from './sequence.ts';
import { storageMappings } from './storage.ts';
import { websocketMappings } from './websocket.ts';

const ALL: NodeMapping[] = [...commonMappings, ...functionMappings, ...sequenceMappings, ...parserMappings, ...mqttMappings, ...httpMappings, ...storageMappings, ...websocketMappings, ...networkMappings];

export const byNodeRedType: ReadonlyMap<string, NodeMapping> = new Map(ALL.map((m) => [m.nodeRed, m]));
export const byPatchbayType: ReadonlyMap<string, NodeMapping> = new Map(ALL.map((m) => [m.patchbay, m]));
