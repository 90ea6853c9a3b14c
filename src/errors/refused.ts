import { ChaosError, type ChaosErrorFields } from './chaos-error.js';

/**
 * AWS itself answered and refused the call (AccessDenied, rejected credentials, a 4xx on
 * the only attempt): nothing was done, unlike a call whose answer was lost (ADR 0157). An
 * inject refused this way reached no host, so there is nothing to revert there.
 */
export class Refused extends ChaosError {
  constructor(fields: ChaosErrorFields) {
    super(fields);
    this.name = 'Refused';
  }
}
