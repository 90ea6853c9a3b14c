/** Why the host script cannot be built from its sources: names where to fix it. */
export class HostScriptBuildError extends Error {
  constructor(
    readonly where: string,
    readonly reason: string,
  ) {
    super(`${where}: ${reason}`);
    this.name = 'HostScriptBuildError';
  }
}
