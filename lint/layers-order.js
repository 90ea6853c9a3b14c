// The layers of src/, top to bottom (ADR 0210). A folder imports its own layer or lower
// ones; folders sharing a layer may import each other as long as no cycle forms. A unit
// is a top folder of src/, or a listed deeper one (build is the host script's build tool).
export const LAYERS = [
  { name: 'entry', units: ['cli'] },
  { name: 'commands', units: ['run', 'proxy', 'build'] },
  { name: 'orchestration', units: ['dispatch', 'reporting', 'health'] },
  { name: 'adapters', units: ['aws', 'k8s', 'netfilter'] },
  { name: 'probes', units: ['probes'] },
  { name: 'domain', units: ['experiment', 'result'] },
  { name: 'host contract', units: ['host'] },
  { name: 'configuration', units: ['config'] },
  { name: 'logging', units: ['log'] },
  { name: 'errors', units: ['errors'] },
  { name: 'core', units: ['core'] },
];
