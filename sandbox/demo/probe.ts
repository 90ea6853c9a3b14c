/**
 * The demo's probe, in the ChaosEngine's format (ADR 0064): OnChaos, an httpProbe asking the
 * service, through its load balancer, for a request that lasts longer than RESET_TIMEOUT.
 * A try that lands on a targeted task is reset, so the probe fails: the verdict then says
 * what the fault means for such requests. The run cannot know beforehand which tasks it
 * will pick; the load balancer sends successive tries to successive tasks.
 */
import type { DemoSettings } from './settings.js';

export const PROBE_NAME = 'service-slow-request';

export function demoProbe(settings: DemoSettings, balancerUrl: string): object {
  return {
    name: PROBE_NAME,
    type: 'httpProbe',
    mode: 'OnChaos',
    runProperties: {
      probeTimeout: `${settings.slowMs + 3000}ms`,
      interval: '1s',
      attempt: 1,
    },
    'httpProbe/inputs': {
      url: `${balancerUrl}/slow?ms=${settings.slowMs}`,
      method: { get: { criteria: '==', responseCode: '200' } },
    },
  };
}
