/**
 * Reads a SigV4 `Authorization` header. Signatures are not verified (the emulator holds
 * no secrets worth protecting); the access key decides the caller identity and the
 * credential scope says which region and service the client meant.
 */
import { AwsError, authErrors, type Dialect } from './errors.js';

export interface SigV4Credential {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
}

const ALGORITHM = 'AWS4-HMAC-SHA256';

export function parseAuthorization(
  header: string | undefined,
  dialect: Dialect,
): SigV4Credential | AwsError {
  if (header === undefined || header.trim() === '') return authErrors.missingToken(dialect);
  const [algorithm, ...rest] = header.trim().split(/\s+/);
  if (algorithm !== ALGORITHM) {
    return authErrors.incomplete(dialect, `Unsupported AWS 'algorithm': '${algorithm ?? ''}'`);
  }
  const fields = fieldsOf(rest.join(''));
  const missing = ['Credential', 'SignedHeaders', 'Signature'].find((name) => !fields.get(name));
  if (missing !== undefined) {
    return authErrors.incomplete(
      dialect,
      `Authorization header requires '${missing}' parameter. Authorization=${header}`,
    );
  }
  return parseCredential(
    fields.get('Credential') ?? '',
    fields.get('SignedHeaders') ?? '',
    dialect,
  );
}

function fieldsOf(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return fields;
}

const SCOPE = /^([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/;

function parseCredential(
  credential: string,
  signedHeaders: string,
  dialect: Dialect,
): SigV4Credential | AwsError {
  const match = SCOPE.exec(credential);
  if (match === null) {
    return authErrors.incomplete(
      dialect,
      `Credential should be scoped to a valid region. Credential=${credential}`,
    );
  }
  const [, accessKeyId = '', date = '', region = '', service = ''] = match;
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';') };
}
