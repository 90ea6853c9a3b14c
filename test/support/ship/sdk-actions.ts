// The AWS actions the code can call, read from the SDK imports of src/aws/: every value
// import `<Operation>Command` (and `paginate<Operation>`) from `@aws-sdk/client-<service>`
// is the IAM action `<service>:<Operation>`. Parsed with the TypeScript compiler, so
// formatting, aliases and type-only imports cannot fool it.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ts from 'typescript';

/** IAM service prefixes of the SDK client packages the project depends on. */
const SERVICE_PREFIX: Readonly<Record<string, string>> = {
  '@aws-sdk/client-ecs': 'ecs',
  '@aws-sdk/client-ssm': 'ssm',
  '@aws-sdk/client-sts': 'sts',
};

export interface ImportedAction {
  readonly action: string;
  readonly file: string;
}

function operationOf(name: string): string | undefined {
  if (name.endsWith('Command') && name !== 'Command') return name.slice(0, -'Command'.length);
  if (/^paginate[A-Z]/.test(name)) return name.slice('paginate'.length);
  return undefined;
}

/** The value bindings an `@aws-sdk/client-*` import declaration brings in, with its module. */
function sdkValueImports(statement: ts.Statement): { module: string; names: string[] } | undefined {
  if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) {
    return undefined;
  }
  const module = statement.moduleSpecifier.text;
  const clause = statement.importClause;
  const typeOnly = clause?.phaseModifier === ts.SyntaxKind.TypeKeyword;
  if (!module.startsWith('@aws-sdk/client-') || clause === undefined || typeOnly) return undefined;
  const bindings = clause.namedBindings;
  if (bindings === undefined || !ts.isNamedImports(bindings)) return { module, names: [] };
  const names = bindings.elements
    .filter((element) => !element.isTypeOnly)
    .map((element) => (element.propertyName ?? element.name).text);
  return { module, names };
}

/** The actions one TypeScript source imports. */
export function actionsInSource(text: string, file: string): ImportedAction[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const found: ImportedAction[] = [];
  for (const statement of source.statements) {
    const imported = sdkValueImports(statement);
    if (imported === undefined) continue;
    const prefix = SERVICE_PREFIX[imported.module];
    if (prefix === undefined)
      throw new Error(`${file}: no IAM prefix known for ${imported.module}`);
    for (const name of imported.names) {
      const operation = operationOf(name);
      if (operation !== undefined) found.push({ action: `${prefix}:${operation}`, file });
    }
  }
  return found;
}

/** Every action imported by the .ts files of a folder (recursively). */
export async function actionsInFolder(folder: string): Promise<ImportedAction[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  const found: ImportedAction[] = [];
  for (const file of files) found.push(...actionsInSource(await readFile(file, 'utf8'), file));
  return found;
}

/**
 * Actions that need no IAM permission. AWS: "No permissions are required to perform this
 * operation" (STS API reference, GetCallerIdentity); an explicit deny cannot block it.
 */
export const PERMISSION_FREE: readonly string[] = ['sts:GetCallerIdentity'];

interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
}

export interface Policy {
  readonly Version: string;
  readonly Statement: readonly PolicyStatement[];
}

const list = (value: string | readonly string[]): readonly string[] =>
  typeof value === 'string' ? [value] : value;

/** The actions a policy allows, sorted and without duplicates. */
export function allowedActions(policy: Policy): string[] {
  return [
    ...new Set(
      policy.Statement.filter((statement) => statement.Effect === 'Allow').flatMap((statement) =>
        list(statement.Action),
      ),
    ),
  ].sort();
}
