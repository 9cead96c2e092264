// A minimal npm registry on 127.0.0.1 serving given tarballs, so that installs "by name" run
// the real npm without the network: the package document (packument) and the tarball.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';

interface Teardown {
  after(fn: () => unknown): void;
}

/** Serves each `{ name, version, file }`; resolves with the registry URL. */
export async function startNpmRegistry(t: Teardown, packages: Array<{ name: string; version: string; file: string }>): Promise<string> {
  const tarballs = new Map<string, Buffer>();
  for (const p of packages) tarballs.set(`/${p.name}/-/${p.name}-${p.version}.tgz`, await readFile(p.file));
  const server = createServer((req, res) => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const tarball = tarballs.get(req.url ?? '');
    if (tarball) return void res.end(tarball);
    const name = decodeURIComponent((req.url ?? '').slice(1));
    const versions = packages.filter((p) => p.name === name);
    if (!versions.length) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not found"}');
    const document = {
      name,
      'dist-tags': { latest: versions.at(-1)!.version },
      versions: Object.fromEntries(versions.map((p) => {
        const data = tarballs.get(`/${p.name}/-/${p.name}-${p.version}.tgz`)!;
        const dist = {
          tarball: `${url}/${p.name}/-/${p.name}-${p.version}.tgz`,
          shasum: createHash('sha1').update(data).digest('hex'),
          integrity: `sha512-${createHash('sha512').update(data).digest('base64')}`,
        };
        return [p.version, { name, version: p.version, dist }];
      })),
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(document));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}
