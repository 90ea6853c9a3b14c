import { tunableTable, type TunableRow } from './tunables.js';

const GROUPS: readonly { readonly origin: TunableRow['origin']; readonly title: string }[] = [
  { origin: 'seed', title: "The fault's tunables (its public page)" },
  { origin: 'litmus', title: 'Set by the Litmus chaos runner (or by hand without it)' },
  { origin: 'executor', title: "This executor's own" },
];

/** A default as a manifest would write it; what an unset variable means otherwise. */
function shownDefault(row: TunableRow): string {
  if (row.required) return '(required)';
  return row.default === '' ? '(unset)' : row.default;
}

/**
 * `run --help`: every tunable with its default and meaning, rendered from the one spec
 * (src/config/spec.ts), so the help cannot drift from what the run reads.
 */
export function runHelp(): string[] {
  const rows = tunableTable();
  const nameWidth = Math.max(...rows.map((row) => row.name.length)) + 2;
  const defaultWidth = Math.max(...rows.map((row) => shownDefault(row).length)) + 2;
  const lines = [
    'usage: ecs-http-chaos run',
    '',
    'The experiment: find the ECS tasks, inject through SSM Run Command, hold the window,',
    'revert, report a ChaosResult. Every setting is an environment variable; an empty value',
    'counts as unset. SERVICE_NAME or TASK_REPLICA_ID says what to target.',
  ];
  for (const group of GROUPS) {
    lines.push('', `${group.title}:`);
    for (const row of rows.filter((one) => one.origin === group.origin)) {
      const name = row.name.padEnd(nameWidth);
      const shown = shownDefault(row).padEnd(defaultWidth);
      lines.push(`  ${name}${shown}${row.description} (e.g. ${row.example})`);
    }
  }
  return lines;
}
