/** Here-documents for strip.ts: the operator's word, and where a body ends. */
export interface HereDoc {
  readonly delimiter: string;
  readonly stripTabs: boolean;
  /** An unquoted delimiter: the body expands `$…` (and so may hold identifiers). */
  readonly expands: boolean;
}

const BLANK = /[ \t]/;
/** Characters that end a delimiter word. */
const WORD_END = /[\s;&|<>()]/;

/** `<<word` or `<<-word` at `start`: the here-document and the index after its word. */
export function hereDocAt(
  text: string,
  start: number,
): { readonly doc: HereDoc; readonly end: number } | undefined {
  let index = start + 2;
  const stripTabs = text.charAt(index) === '-';
  if (stripTabs) index += 1;
  while (BLANK.test(text.charAt(index))) index += 1;
  const wordStart = index;
  while (index < text.length && !WORD_END.test(text.charAt(index))) index += 1;
  const word = text.slice(wordStart, index);
  if (word === '') return undefined;
  const delimiter = word.replace(/['"\\]/g, '');
  return { doc: { delimiter, stripTabs, expands: delimiter === word }, end: index };
}

/** The index after the body that starts at `start` (its delimiter line included). */
export function hereDocEnd(text: string, start: number, doc: HereDoc): number | undefined {
  let index = start;
  for (;;) {
    const end = text.indexOf('\n', index);
    if (end === -1) return undefined;
    const line = text.slice(index, end);
    index = end + 1;
    if ((doc.stripTabs ? line.replace(/^\t+/, '') : line) === doc.delimiter) return index;
  }
}
