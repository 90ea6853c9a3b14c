/** One rule line of iptables-save output, split back into arguments. */
export interface SavedRule {
  readonly table: string;
  readonly chain: string;
  /** The arguments after `-A <chain>`, unquoted: reusable for `-D <chain> ...`. */
  readonly args: readonly string[];
  readonly line: string;
}

export interface SavedTable {
  readonly name: string;
  readonly chains: readonly string[];
  readonly rules: readonly SavedRule[];
}

/**
 * Parses `iptables-save` output (both backends print the same format). Comments and
 * warnings (`# ...`) are skipped.
 */
export function parseSave(text: string): readonly SavedTable[] {
  const tables: { name: string; chains: string[]; rules: SavedRule[] }[] = [];
  let current: (typeof tables)[number] | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('*')) {
      current = { name: line.slice(1), chains: [], rules: [] };
      tables.push(current);
    } else if (current === undefined || line === 'COMMIT') {
      continue;
    } else if (line.startsWith(':')) {
      current.chains.push(line.slice(1).split(' ')[0] ?? '');
    } else if (line.startsWith('-A ')) {
      const [, chain = '', ...args] = splitArguments(line);
      current.rules.push({ table: current.name, chain, args, line });
    }
  }
  return tables;
}

const WORD = /"((?:[^"\\]|\\.)*)"|(\S+)/g;

/** Splits on blanks; a double-quoted word (how iptables-save prints comments) is unquoted. */
export function splitArguments(line: string): string[] {
  return [...line.matchAll(WORD)].map((m) =>
    m[1] === undefined ? (m[2] ?? '') : m[1].replace(/\\(.)/g, '$1'),
  );
}
