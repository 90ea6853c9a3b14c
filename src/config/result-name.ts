/**
 * The ChaosResult's name, `[<CHAOSENGINE>-]<EXPERIMENT_NAME>[-<INSTANCE_ID>]` (REFERENCE.md
 * §2): here so that the config check and the reporter build it the same way.
 */
export function resultName(
  engine: string | undefined,
  experiment: string,
  instance: string | undefined,
): string {
  const base = engine === undefined ? experiment : `${engine}-${experiment}`;
  return instance === undefined ? base : `${base}-${instance}`;
}
