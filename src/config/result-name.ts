/**
 * The ChaosResult's name, `[<CHAOSENGINE>-]<EXPERIMENT_NAME>[-<INSTANCE_ID>]`
 * (docs/reference/litmus.md): here so that the config check and the reporter build it the
 * same way.
 */
export function resultName(
  engine: string | undefined,
  experiment: string,
  instance: string | undefined,
): string {
  const base = engine === undefined ? experiment : `${engine}-${experiment}`;
  return instance === undefined ? base : `${base}-${instance}`;
}
