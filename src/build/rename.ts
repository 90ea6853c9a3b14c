/**
 * Shortens the script's own identifiers in the stripped text, so that descriptive names
 * in the sources cost no bytes in every SendCommand (ADR 0200). Mechanical and
 * conservative: a name is shortened only when EVERY whole-word occurrence of it is an
 * identifier position (below); one occurrence anywhere else, in a message, a quoted awk
 * program, a case pattern or an argument, and the name stays as written. The shortening
 * itself is then a whole-word replacement, and every new name is a word the script does
 * not contain.
 *
 * Identifier positions, by the character kinds of strip.ts:
 *   function  `name()` defined in code; called in code at the start of a command; or
 *             `$(name` in code, double quotes, `${…}` or an expanding here-document body
 *   variable  `$name`, `${name`, `${#name` outside single quotes and literal bodies; bare
 *             inside `$(( ))`; in code, assigned at the start of a command (after other
 *             assignments), `read -r` operands and the variable of `for`.
 * Only names with a lower-case letter: upper-case ones may come from the environment or
 * go to a child's (DOCKER_CONFIG=… docker), and stay.
 */
import type { StrippedShell } from './shell-text.js';

export interface Shortened {
  readonly text: string;
  /** Long name → short name, longest saving first. */
  readonly renames: ReadonlyMap<string, string>;
}

const WORD = /[A-Za-z_][A-Za-z0-9_]*/g;
const CANDIDATE = /^(?=.*[a-z])[a-z_][a-z0-9_]{2,}$/;
/** Assignments that may come before a command's first word. */
const ASSIGNMENTS = String.raw`\s*(?:[a-z_][a-z0-9_]*=\S*\s+)*$`;
/** Before a command's first word, on the same line of code. */
const COMMAND_START = new RegExp(
  String.raw`(?:^|[;&|({!]|\b(?:then|do|else|elif|if|while|until))${ASSIGNMENTS}`,
);
/** After a case pattern's `)` (one of code, not the end of a `$(`). */
const AFTER_PATTERN = new RegExp(String.raw`\)${ASSIGNMENTS}`);
const READ_OPERANDS = /\bread -r(?: [A-Za-z_][A-Za-z0-9_]*)* $/;
const EXPANDING = new Set(['c', 'd', 'p', 'a', 'h']);
/**
 * Never a new name: the shell's reserved words of two letters, and the utilities of two
 * letters a host may have. A function named like one shadows it, and shellcheck reads a
 * call of it as the utility (`cp "$1"`: "cp has no destination"); a build that leaves out
 * the code that uses one (ADR 0223) would otherwise be free to take its name.
 */
const RESERVED = new Set(
  ['do', 'fi', 'if', 'in'].concat(
    ['ar', 'as', 'bc', 'cc', 'cd', 'cp', 'dd', 'df', 'du', 'ed', 'id', 'ip', 'ld', 'ln'],
    ['ls', 'mv', 'nc', 'nl', 'od', 'pr', 'ps', 'rm', 'sh', 'ss', 'su', 'tr', 'vi', 'wc'],
  ),
);

interface Occurrence {
  readonly start: number;
  readonly end: number;
}

export function shortenIdentifiers(script: StrippedShell): Shortened {
  const occurrences = wordOccurrences(script.text);
  const eligible = [...occurrences]
    .filter(([name, places]) => CANDIDATE.test(name) && isIdentifier(script, name, places))
    .map(([name, places]) => ({ name, saving: name.length * places.length }))
    .sort((a, b) => b.saving - a.saving || (a.name < b.name ? -1 : 1));
  const fresh = freshNames(new Set(occurrences.keys()));
  const renames = new Map(eligible.map(({ name }) => [name, fresh.next().value ?? name]));
  const text = script.text.replace(WORD, (word) => renames.get(word) ?? word);
  return { text, renames };
}

function wordOccurrences(text: string): Map<string, Occurrence[]> {
  const found = new Map<string, Occurrence[]>();
  for (const match of text.matchAll(WORD)) {
    const place = { start: match.index, end: match.index + match[0].length };
    found.set(match[0], [...(found.get(match[0]) ?? []), place]);
  }
  return found;
}

function isIdentifier(script: StrippedShell, name: string, places: Occurrence[]): boolean {
  const isFunction = places.some((place) => isDefinition(script, place));
  const test = isFunction ? isFunctionPlace : isVariablePlace;
  return places.every((place) => sameKind(script, place) && test(script, place));
}

function sameKind(script: StrippedShell, place: Occurrence): boolean {
  const kinds = script.kinds.slice(place.start, place.end);
  return kinds === kinds.charAt(0).repeat(kinds.length);
}

function isDefinition(script: StrippedShell, place: Occurrence): boolean {
  return script.kinds[place.start] === 'c' && script.text.startsWith('() {', place.end);
}

function isFunctionPlace(script: StrippedShell, place: Occurrence): boolean {
  const { text, kinds } = script;
  const kind = kinds[place.start] ?? '';
  if (text.startsWith('$(', place.start - 2)) return EXPANDING.has(kind) && kind !== 'a';
  if (kind !== 'c') return false;
  // A case pattern (`a | b)`) also starts where a command would: never a call here.
  return (
    isDefinition(script, place) ||
    (isCommandStart(script, place) && !/^(?:\)|\s*\|(?!\|))/.test(text.slice(place.end)))
  );
}

function isVariablePlace(script: StrippedShell, place: Occurrence): boolean {
  const kind = script.kinds[place.start] ?? '';
  if (!EXPANDING.has(kind)) return false;
  return (
    isExpansion(script, place, kind) ??
    (kind === 'a' || (kind === 'c' && isCodeVariable(script, place)))
  );
}

/** `$name`, `${name`, `${#name`: whether it expands; undefined when not preceded so. */
function isExpansion(script: StrippedShell, place: Occurrence, kind: string): boolean | undefined {
  const before = script.text.slice(Math.max(0, place.start - 3), place.start);
  if (before.endsWith('\\$')) return false;
  if (before.endsWith('$')) return script.kinds[place.start - 1] === kind;
  if (before.endsWith('${') || before === '${#') return kind === 'p';
  return undefined;
}

/** Assigned at a command's start, a `read -r` operand, or the variable of `for`. */
function isCodeVariable(script: StrippedShell, place: Occurrence): boolean {
  const { text } = script;
  const line = lineBefore(text, place.start);
  return (
    (text[place.end] === '=' && isCommandStart(script, place)) ||
    READ_OPERANDS.test(line) ||
    /\bfor $/.test(line)
  );
}

function isCommandStart(script: StrippedShell, place: Occurrence): boolean {
  const line = lineBefore(script.text, place.start);
  if (COMMAND_START.test(line)) return true;
  const pattern = AFTER_PATTERN.exec(line);
  return pattern !== null && script.kinds[place.start - line.length + pattern.index] === 'c';
}

function lineBefore(text: string, index: number): string {
  return text.slice(text.lastIndexOf('\n', index - 1) + 1, index);
}

/** a … z, then aa … zz, a0 … z9: skipping every word the script holds. */
function* freshNames(taken: ReadonlySet<string>): Generator<string, undefined> {
  const letters = Array.from({ length: 26 }, (_, at) => String.fromCharCode(97 + at));
  const seconds = [...letters, ...Array.from({ length: 10 }, (_, digit) => String(digit))];
  const names = [...letters, ...letters.flatMap((a) => seconds.map((b) => a + b))];
  for (const name of names) if (!taken.has(name) && !RESERVED.has(name)) yield name;
  return undefined;
}
