// `patchbay tls self-signed`: a certificate and key for a home LAN, with this machine's names
// and addresses as subject alternative names, written to <dataDir>/tls/ and switched on in
// settings.json for the editor (HTTPS, WSS) and the broker (MQTTS on 8883). Browsers warn about
// a self-signed certificate once; compare the fingerprint printed here.
import { webcrypto, X509Certificate } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { hostname, networkInterfaces } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { isPlainObject } from '../plain-object.ts';
import { writeFileAtomic } from '../storage/atomic-write.ts';
import { dataDirOf, parseCommand, UsageError, type CliCommand } from './command.ts';

const USAGE = 'patchbay tls self-signed [--host NAME_OR_IP]... [--days N]   writes <data-dir>/tls/ and turns TLS on in settings.json';
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

export const tlsCommand: CliCommand = {
  name: 'tls',
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseCommand(args, {
      'data-dir': { type: 'string' },
      host: { type: 'string', multiple: true },
      days: { type: 'string', default: '825' }, // the longest validity Apple platforms accept
    });
    const days = Number(values.days);
    if (positionals.join(' ') !== 'self-signed' || !Number.isInteger(days) || days < 1) throw new UsageError(`expected: ${USAGE}`);
    const names = subjectNames(values.host ?? []);
    const { cert, key } = await selfSigned(names, days);
    const dataDir = dataDirOf(values['data-dir']);
    const dir = join(dataDir, 'tls');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const files = { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') };
    await writeFileAtomic(files.cert, cert, 0o644);
    await writeFileAtomic(files.key, key, 0o600);
    await enableTls(join(dataDir, 'settings.json'), files);
    console.log(`certificate: ${files.cert}\nkey:         ${files.key}`);
    console.log(`names:       ${names.join(', ')}`);
    console.log(`SHA-256 fingerprint: ${new X509Certificate(cert).fingerprint256}`);
    console.log('settings.json now has http.tls (HTTPS and WSS) and mqtt.tls (MQTTS on 8883); restart Patchbay.');
    return 0;
  },
};

/** localhost, loopback, this machine's host name and LAN addresses, and the extra names given. */
function subjectNames(extra: string[]): string[] {
  const addresses = Object.values(networkInterfaces()).flat().filter((i) => i && !i.internal).map((i) => i!.address);
  const machine = hostname().toLowerCase();
  return [...new Set(['localhost', '127.0.0.1', '::1', machine, `${machine}.local`, ...addresses, ...extra])];
}

async function selfSigned(names: string[], days: number): Promise<{ cert: string; key: string }> {
  // @peculiar/x509 resolves its parts through tsyringe, which needs the Reflect metadata
  // polyfill: loaded here, in this one-off command, never in the server.
  await import('reflect-metadata');
  const x509 = await import('@peculiar/x509');
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: BigInt(now).toString(16),
    name: `CN=${names[3] ?? 'patchbay'}, O=Patchbay`,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + days * 86_400_000),
    signingAlgorithm: ALGORITHM,
    keys,
    extensions: [
      new x509.SubjectAlternativeNameExtension(names.map((value) => ({ type: isIP(value) ? 'ip' as const : 'dns' as const, value }))),
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  return { cert: certificate.toString('pem'), key: `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n` };
}

/** Points settings.json at the files, keeping every other setting (an MQTTS port already set stays). */
async function enableTls(file: string, files: { cert: string; key: string }): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => '{}');
  const settings: unknown = JSON.parse(text);
  if (!isPlainObject(settings)) throw new UsageError(`${file} is not a JSON object of settings`);
  const http = isPlainObject(settings.http) ? settings.http : {};
  const mqtt = isPlainObject(settings.mqtt) ? settings.mqtt : {};
  const mqttTls = isPlainObject(mqtt.tls) ? mqtt.tls : { port: 8883 };
  const updated = { ...settings, http: { ...http, tls: files }, mqtt: { ...mqtt, tls: { ...mqttTls, ...files } } };
  await writeFileAtomic(file, `${JSON.stringify(updated, null, 2)}\n`, 0o600);
}
