/**
 * A step of a shared scenario that runs once, on first use: each test awaits the steps it
 * needs, so any single test runs alone (`jest -t`), and in file order every step still runs
 * once, in the order the tests ask for them. A step that failed fails each test that needs
 * it with its own error, instead of leaving half-set module variables behind.
 */
export function stage<T>(run: () => Promise<T>): () => Promise<T> {
  let started: Promise<T> | undefined;
  return () => (started ??= run());
}
