import type { Phase } from '../errors/codes.js';

export type LogFields = Readonly<Record<string, unknown>>;
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export type LogFormat = 'json' | 'text';

/** Every line carries its phase: a logger is always bound to one, fixed or followed. */
export interface Logger {
  readonly phase: Phase;
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  forPhase(phase: Phase): Logger;
  /**
   * A logger whose lines carry whatever phase `current` names when they are written: for
   * collaborators (SSM runner, probes) created in one phase and used in later ones.
   */
  following(current: () => Phase): Logger;
  with(fields: LogFields): Logger;
}
