// The Devices tab against the real server and the simulator: devices grouped with live state,
// the filter, trying a command, a property dragged onto the canvas becoming a working
// device-in whose messages reach the debug sidebar, Alt-drag for device-out with its pickers,
// and devices marked offline when the simulator stops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator } from '../../server/simulator/index.ts';
import { openEditor } from './helpers/open-editor.ts';
import { until } from './helpers/editor-page.ts';

test('editor: devices panel', async (t) => {
  const { server, editor } = await openEditor(t, 'e2e-editor-devices', { broker: true, mqttPort: 0 });
  const simulator = await startSimulator(server.mqttUrl!);
  let simulating = true;
  t.after(() => (simulating ? simulator.stop() : undefined));
  const { page } = editor;
  const card = (name: string) => page.getByRole('article', { name });
  const property = (device: string, id: string) => card(device).getByRole('list', { name: `${device} properties` }).locator('li').filter({ has: page.getByText(id, { exact: true }) });

  await t.test('the tab lists the simulated devices grouped, with live state', async () => {
    await page.getByRole('tab', { name: 'Devices' }).click();
    await card('hall_motion').waitFor();
    await page.getByRole('region', { name: 'Hallway' }).getByRole('article', { name: 'Hallway thermostat' }).waitFor();
    await page.getByRole('region', { name: 'Zigbee2MQTT (zigbee2mqtt)' }).getByRole('article', { name: 'living_room_light' }).waitFor();
    await property('bathroom_climate', 'humidity').getByText(/%$/).waitFor();
    await editor.shot('devices');
  });

  await t.test('the filter narrows the list', async () => {
    await page.getByRole('searchbox', { name: 'Filter devices' }).click();
    await page.keyboard.type('coffee');
    await editor.waitForCount(page.getByRole('article'), 1);
    await card('Coffee machine').waitFor();
    for (let i = 0; i < 'coffee'.length; i++) await page.keyboard.press('Backspace');
    await card('hall_motion').waitFor();
  });

  await t.test('a command tried from the panel reaches the device and its new state shows', async () => {
    await card('living_room_light').getByRole('listitem', { name: 'state off' }).waitFor();
    await property('living_room_light', 'state').getByRole('button', { name: 'Set state to on' }).click();
    await card('living_room_light').getByRole('listitem', { name: 'state on' }).waitFor();
    await property('living_room_light', 'brightness').getByRole('textbox', { name: 'Value for brightness' }).click();
    await page.keyboard.type('999');
    await page.keyboard.press('Enter');
    await property('living_room_light', 'brightness').getByRole('alert').getByText(/out of range from 0 to 254/).waitFor();
  });

  await t.test('a property dragged onto the canvas is a configured device-in; deployed, its messages reach the debug sidebar', async () => {
    await property('hall_motion', 'occupancy').dragTo(editor.canvas, { targetPosition: { x: 200, y: 150 } });
    await editor.node('device in').waitFor();
    await editor.select('device in');
    assert.match(await editor.form.getByLabel('Device').locator('option:checked').innerText(), /^hall_motion \(zigbee2mqtt\)/);
    assert.match(await editor.form.getByLabel('Property').locator('option:checked').innerText(), /^occupancy/);
    await editor.dragFromPalette('debug', { x: 500, y: 150 });
    await editor.wire('device in', 'debug');
    await editor.deploy();
    await editor.openDebug();
    await server.api('/api/broker/publish', { method: 'POST', body: { topic: 'patchbay-simulator/motion', payload: '1' } });
    await editor.debugMessages.filter({ hasText: 'hall_motion/occupancy' }).first().waitFor();
    await editor.shot('device-in-debug');
  });

  await t.test('with Alt held the drag makes a device-out; its value picker offers on, off and toggle', async () => {
    await page.getByRole('tab', { name: 'Devices' }).click();
    await page.keyboard.down('Alt');
    await property('living_room_light', 'state').dragTo(editor.canvas, { targetPosition: { x: 200, y: 300 } });
    await page.keyboard.up('Alt');
    await editor.node('device out').waitFor();
    await editor.select('device out');
    const value = editor.form.getByLabel('Value');
    assert.deepEqual(await value.locator('option').allInnerTexts(), ['—', 'on', 'off', 'toggle']);
    await editor.shot('device-out-form');
  });

  await t.test('stopping the simulator marks the devices offline', async () => {
    await page.getByRole('tab', { name: 'Devices' }).click();
    simulating = false;
    await simulator.stop();
    await card('Coffee machine').getByText('offline', { exact: true }).waitFor();
    // Six devices say goodbye over their own connections (each may take up to 2 s on a busy machine)
    await until(async () => (await page.locator('.device-dot.on').count()) === 0, 'every device offline', 30_000);
  });

  editor.assertNoProblems();
});
