// Types for lint/layers-order.js, which eslint.config.js loads as plain JavaScript.
export interface Layer {
  readonly name: string;
  readonly units: readonly string[];
}
export const LAYERS: readonly Layer[];
