// The Manage palette view's data source: node packages over REST (admin only), install
// progress over socket.io.
import type { NodePackageInfo, PackageInstallRequest } from '../../../server/api/contract.ts';
import { apiCall } from './rest.ts';
import type { EditorSocket } from './socket.ts';

export interface PackageFeed {
  list(): Promise<NodePackageInfo[]>;
  /** Installs an npm name or an uploaded .tgz; `onProgress` gets npm's output lines meanwhile. */
  install(what: string | File, onProgress: (line: string) => void): Promise<NodePackageInfo>;
  /** Refused (ApiError NODE_PACKAGE_IN_USE, `body.details.flows`) while flows use it. */
  remove(name: string): Promise<NodePackageInfo>;
}

export function createPackageFeed(socket: EditorSocket, base = ''): PackageFeed {
  return {
    list: () => apiCall<NodePackageInfo[]>('GET', '/api/packages', { base }),
    async install(what, onProgress) {
      const body: PackageInstallRequest = typeof what === 'string' ? { spec: what } : { tarball: { filename: what.name, data: await base64(what) } };
      const label = typeof what === 'string' ? what : what.name;
      const listener = (e: { install: string; line: string }) => { if (e.install === label) onProgress(e.line); };
      socket.on('packages:progress', listener);
      try {
        return await apiCall<NodePackageInfo>('POST', '/api/packages', { base, body });
      } finally {
        socket.off('packages:progress', listener);
      }
    },
    remove: (name) => apiCall<NodePackageInfo>('DELETE', `/api/packages/${encodeURIComponent(name)}`, { base }),
  };
}

async function base64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
