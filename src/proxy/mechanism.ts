import { ChaosError } from '../errors/index.js';
import { prepareDestroy } from './destroy/prepare.js';
import { serveDestroy } from './destroy/serve.js';
import { serve, type ServeInput } from './serve.js';

/** Below this RESET_TIMEOUT, `auto` takes the relay (docs/decisions/0133). */
export const DESTROY_MIN_RESET_TIMEOUT_MS = 100;

/**
 * The fault's mechanism (docs/decisions/0131): `destroy` (nothing in the data path) where
 * the capability check passes in this namespace, else the `relay`, unless a flag forces
 * one. The choice and its reason are logged and go into the ready and stopped lines.
 */
export async function serveWith(input: ServeInput): Promise<number> {
  const log = input.log.forPhase('proxy-config');
  const forced = input.options.mechanism;
  if (forced === 'relay') {
    log.info('mechanism: relay (forced by --mechanism relay)');
    return serve({ ...input, mechanismWhy: 'forced by --mechanism relay' });
  }
  const resetTimeoutMs = input.options.resetTimeoutMs;
  if (forced === 'auto' && resetTimeoutMs < DESTROY_MIN_RESET_TIMEOUT_MS) {
    // Destroy acts after the app has seen the connection (event, tick, an ss run: a few
    // to tens of ms); at RESET_TIMEOUT=0 a fast app answers before that, so no client would
    // ever see a reset. The relay resets at accept, before any byte reaches the app.
    const why = `RESET_TIMEOUT=${resetTimeoutMs} is below ${DESTROY_MIN_RESET_TIMEOUT_MS} ms, where only the relay resets before the app answers`;
    log.info(`mechanism: relay (${why})`);
    return serve({ ...input, mechanismWhy: why });
  }
  const preparation = await prepareDestroy(input);
  if (preparation.ok) {
    const { prepared } = preparation;
    const why =
      forced === 'destroy' ? `forced by --mechanism destroy; ${prepared.why}` : prepared.why;
    log.info(`mechanism: destroy (${why})`);
    return serveDestroy(input, { ...prepared, why });
  }
  if (forced === 'destroy') {
    throw new ChaosError({
      code: 'PROXY_ERROR',
      phase: 'proxy-config',
      target: '--mechanism',
      reason: `--mechanism destroy: the destroy mechanism is not available here: ${preparation.why}`,
      fix: 'use --mechanism auto (falls back to the relay) or --mechanism relay',
    });
  }
  const why = `destroy is not available here: ${preparation.why}`;
  log.warn(`mechanism: relay (${why})`);
  return serve({ ...input, mechanismWhy: why });
}
