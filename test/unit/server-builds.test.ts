// The compiled server's builds (server/bin/server-builds.js): a recompile points dist/server at
// a new build in one step and leaves the build a running server loads from in place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, realpath, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KEEP_MS, serverBuilds } from '../../server/bin/server-builds.js';

async function distDir(t: { after(fn: () => unknown): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-builds-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function build(builds: ReturnType<typeof serverBuilds>, content: string): Promise<string> {
  const dir = await builds.newBuild();
  await writeFile(join(dir, 'package.json'), content);
  await builds.makeCurrent(dir);
  return dir;
}

test('dist/server follows the newest build, and the previous build stays for the servers running from it', async (t) => {
  const builds = serverBuilds(await distDir(t));
  const first = await build(builds, 'first');
  assert.equal(await builds.current(), first);
  const second = await build(builds, 'second');
  assert.equal(await builds.current(), second);
  assert.equal(await readFile(join(builds.link, 'package.json'), 'utf8'), 'second');
  assert.equal(await readFile(join(first, 'package.json'), 'utf8'), 'first', 'the replaced build is untouched');
});

test('a build neither current nor touched for KEEP_MS is deleted at the next compile', async (t) => {
  const builds = serverBuilds(await distDir(t));
  const old = await build(builds, 'old');
  const recent = await build(builds, 'recent');
  const long = new Date(Date.now() - KEEP_MS - 60_000);
  await utimes(old, long, long);
  const current = await build(builds, 'current');
  assert.equal(existsSync(old), false);
  assert.equal(existsSync(recent), true, 'replaced just now: a server may still run from it');
  assert.equal(await builds.current(), current);
});

test('a dist/server directory from before builds had their own is replaced by the link', async (t) => {
  const dist = await distDir(t);
  await mkdir(join(dist, 'server'));
  await writeFile(join(dist, 'server', 'package.json'), 'legacy');
  const builds = serverBuilds(dist);
  const first = await build(builds, 'first');
  assert.equal(await realpath(join(dist, 'server')), first);
});
