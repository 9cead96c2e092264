// The devices behind the simulated Zigbee2MQTT bridge, as Zigbee2MQTT 1.x/2.x lists them on
// bridge/devices (exposes copied from its device definitions).

const linkquality = { access: 1, category: 'diagnostic', description: 'Link quality (signal strength)', label: 'Linkquality', name: 'linkquality', property: 'linkquality', type: 'numeric', unit: 'lqi', value_max: 255, value_min: 0 };
const battery = { access: 1, category: 'diagnostic', description: 'Remaining battery in %', label: 'Battery', name: 'battery', property: 'battery', type: 'numeric', unit: '%', value_max: 100, value_min: 0 };

export const MOTION = { ieee: '0x00158d0001a1b2c3', name: 'hall_motion' };
export const LIGHT = { ieee: '0x0017880104e5f6a7', name: 'living_room_light' };
export const CLIMATE = { ieee: '0x00158d0002c3d4e5', name: 'bathroom_climate' };

function device(ieee: string, name: string, type: string, definition: Record<string, unknown>, power = 'Battery') {
  return {
    ieee_address: ieee, friendly_name: name, type, supported: true, disabled: false, interview_completed: true,
    network_address: parseInt(ieee.slice(-4), 16), power_source: power, manufacturer: definition.vendor, model_id: definition.model,
    definition,
  };
}

export const BRIDGE_DEVICES = [
  { ieee_address: '0x00124b0021a1b2c3', friendly_name: 'Coordinator', type: 'Coordinator', supported: true, definition: null, interview_completed: true },
  device(MOTION.ieee, MOTION.name, 'EndDevice', {
    model: 'RTCGQ11LM', vendor: 'Aqara', description: 'Motion sensor',
    exposes: [
      { access: 1, description: 'Indicates whether the device detected occupancy', label: 'Occupancy', name: 'occupancy', property: 'occupancy', type: 'binary', value_off: false, value_on: true },
      { access: 1, description: 'Measured illuminance', label: 'Illuminance', name: 'illuminance', property: 'illuminance', type: 'numeric', unit: 'lx' },
      battery,
      { access: 1, category: 'diagnostic', description: 'Voltage of the battery in millivolts', label: 'Voltage', name: 'voltage', property: 'voltage', type: 'numeric', unit: 'mV' },
      linkquality,
    ],
  }),
  device(LIGHT.ieee, LIGHT.name, 'Router', {
    model: '9290022166', vendor: 'Philips', description: 'Hue white and color ambiance E26/E27',
    exposes: [
      {
        type: 'light',
        features: [
          { access: 7, description: 'On/off state of this light', label: 'State', name: 'state', property: 'state', type: 'binary', value_off: 'OFF', value_on: 'ON', value_toggle: 'TOGGLE' },
          { access: 7, description: 'Brightness of this light', label: 'Brightness', name: 'brightness', property: 'brightness', type: 'numeric', value_max: 254, value_min: 0 },
          { access: 7, description: 'Color temperature of this light', label: 'Color temp', name: 'color_temp', property: 'color_temp', type: 'numeric', unit: 'mired', value_max: 500, value_min: 150, presets: [{ name: 'coolest', value: 150 }, { name: 'warmest', value: 500 }] },
          {
            access: 7, description: 'Color of this light in the CIE 1931 color space (x/y)', label: 'Color (X/Y)', name: 'color_xy', property: 'color', type: 'composite',
            features: [
              { access: 7, label: 'X', name: 'x', property: 'x', type: 'numeric' },
              { access: 7, label: 'Y', name: 'y', property: 'y', type: 'numeric' },
            ],
          },
        ],
      },
      { access: 2, description: 'Triggers an effect on the light', label: 'Effect', name: 'effect', property: 'effect', type: 'enum', values: ['blink', 'breathe', 'okay', 'channel_change', 'finish_effect', 'stop_effect'] },
      linkquality,
    ],
  }, 'Mains (single phase)'),
  device(CLIMATE.ieee, CLIMATE.name, 'EndDevice', {
    model: 'WSDCGQ11LM', vendor: 'Aqara', description: 'Temperature, humidity and pressure sensor',
    exposes: [
      { access: 1, description: 'Measured temperature value', label: 'Temperature', name: 'temperature', property: 'temperature', type: 'numeric', unit: '°C' },
      { access: 1, description: 'Measured relative humidity', label: 'Humidity', name: 'humidity', property: 'humidity', type: 'numeric', unit: '%' },
      { access: 1, description: 'The measured atmospheric pressure', label: 'Pressure', name: 'pressure', property: 'pressure', type: 'numeric', unit: 'hPa' },
      battery,
      linkquality,
    ],
  }),
];

export const BRIDGE_GROUPS = [
  { id: 1, friendly_name: 'living_room', description: null, members: [{ ieee_address: LIGHT.ieee, endpoint: 11 }], scenes: [] },
];
