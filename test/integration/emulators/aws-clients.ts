/** Real SDK clients pointed at an emulator, and a helper to catch what they throw. */
import { ECSClient } from '@aws-sdk/client-ecs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export const BASE_CREDENTIALS: Credentials = {
  accessKeyId: 'AKIAEHCTESTBASE00001',
  secretAccessKey: 'ehc-test-secret-not-a-real-one',
};

export interface ClientOptions {
  credentials?: Credentials;
  region?: string;
  maxAttempts?: number;
  retryMode?: 'standard' | 'adaptive';
}

export function awsClients(endpoint: string, options: ClientOptions = {}) {
  const config = {
    endpoint,
    region: options.region ?? 'us-east-1',
    credentials: options.credentials ?? BASE_CREDENTIALS,
    maxAttempts: options.maxAttempts ?? 1,
    ...(options.retryMode === undefined ? {} : { retryMode: options.retryMode }),
  };
  return { ecs: new ECSClient(config), ssm: new SSMClient(config), sts: new STSClient(config) };
}

export type SdkError = Error & {
  $metadata: { httpStatusCode?: number; attempts?: number };
  $fault: string;
};

/** The error a call rejects with (fails the test when it resolves). */
export async function rejectionOf(call: Promise<unknown>): Promise<SdkError> {
  try {
    await call;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('expected the call to fail, it succeeded');
}
