// What kube-apiserver needs to authenticate: a service-account signing key pair (so the
// TokenRequest API can mint tokens) and a static token file holding the test's admin.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface ApiCredentials {
  readonly adminToken: string;
  readonly tokenFile: string;
  readonly serviceAccountPublicKey: string;
  readonly serviceAccountPrivateKey: string;
}

/** The admin is in system:masters, which RBAC's bootstrap policy binds to cluster-admin. */
export const ADMIN_USER = 'ehc-test-admin';

export async function writeCredentials(folder: string): Promise<ApiCredentials> {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const serviceAccountPublicKey = join(folder, 'service-account.pub');
  const serviceAccountPrivateKey = join(folder, 'service-account.key');
  await writeFile(serviceAccountPublicKey, publicKey.export({ type: 'spki', format: 'pem' }));
  await writeFile(serviceAccountPrivateKey, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
    mode: 0o600,
  });
  const adminToken = randomBytes(24).toString('hex');
  const tokenFile = join(folder, 'tokens.csv');
  // token,user,uid,"group1,group2"
  await writeFile(tokenFile, `${adminToken},${ADMIN_USER},${ADMIN_USER},"system:masters"\n`, {
    mode: 0o600,
  });
  return { adminToken, tokenFile, serviceAccountPublicKey, serviceAccountPrivateKey };
}

/** A loopback port free right now (the daemon binds it moments later). */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port from the loopback listener'));
      });
    });
  });
}
