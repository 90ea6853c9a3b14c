// Test hosts for the host side (docs/decisions/0042): real dockerd "container instances"
// with ECS-labelled task containers, and a local registry.
export { bridgeExists } from './bridge.js';
export { TestDaemon, type DaemonPaths } from './dockerd.js';
export { ECS_LABELS, PAUSE_CONTAINER_NAME } from './ecs-names.js';
export {
  removeTask,
  startTask,
  waitUntilServing,
  type ContainerSpec,
  type EcsTask,
  type NetworkMode,
  type TaskContainer,
  type TaskSpec,
} from './ecs-task.js';
export { IMAGES, copyImages, sourceDockerHost } from './images.js';
export { ContainerInstance, type InstanceOptions } from './instance.js';
export { firewallSnapshot } from './machine-state.js';
export { metadataPath, type MetadataState, type PortMapping } from './metadata.js';
export { CommandError, run, type RunResult } from './process.js';
export { LocalRegistry } from './registry.js';
export { mountsUnder, processesUnder } from './teardown.js';
export { TestHosts, type TestHostsOptions } from './test-hosts.js';
export { freePort, httpGet, waitFor } from './wait.js';
