/**
 * Strips a POSIX sh script of what the shell itself ignores: comments, blank lines,
 * indentation, trailing blanks and line continuations. Quoted strings, `${…}`, `$(( ))`
 * and here-document bodies are copied byte for byte; inside `$( )` the rules of the
 * script apply again. Comments that are shellcheck directives stay (trimmed to the
 * directive), so the result can be linted like its sources.
 *
 * Built for the host script's sources (src/host/sh), which keep to a subset it can
 * refuse outright: no backticks. test/unit/host/host-script-build.test.ts proves the
 * result parses to the same program (bash's own function printer as the judge).
 */
import { HostScriptBuildError } from './errors.js';
import { hereDocAt, hereDocEnd, type HereDoc } from './here-doc.js';
import {
  KIND,
  type ArithFrame,
  type CodeFrame,
  type Frame,
  type StrippedShell,
} from './shell-text.js';

const BLANK = new Set([' ', '\t']);
const DIRECTIVE = /^#\s*shellcheck\s+([^#]*?)\s*(?:#.*)?$/;

/** `name` and `firstLine` only say where, in errors. */
export function stripShell(source: string, name = 'script', firstLine = 1): string {
  return stripShellWithKinds(source, name, firstLine).text;
}

export function stripShellWithKinds(source: string, name = 'script', firstLine = 1): StrippedShell {
  return new Stripper(source, name, firstLine).run();
}

class Stripper {
  private readonly out: string[] = [];
  private readonly kinds: string[] = [];
  private readonly stack: Frame[] = [{ kind: 'code', depth: 0, closes: false }];
  private readonly hereDocs: HereDoc[] = [];
  private index = 0;
  private lineStart = true;
  private lineHasContent = false;
  private pendingBlank = false;

  constructor(
    private readonly text: string,
    private readonly name: string,
    private readonly firstLine: number,
  ) {}

  run(): StrippedShell {
    while (this.index < this.text.length) this.step();
    if (this.stack.length !== 1 || this.hereDocs.length > 0) {
      throw this.error('the script ends inside a quote, an expansion or a here-document');
    }
    return { text: this.out.join(''), kinds: this.kinds.join('') };
  }

  private get frame(): Frame {
    return this.stack[this.stack.length - 1] ?? { kind: 'code', depth: 0, closes: false };
  }

  private peek(offset = 0): string {
    return this.text.charAt(this.index + offset);
  }

  private step(): void {
    const frame = this.frame;
    if (frame.kind === 'code') this.code(frame);
    else if (frame.kind === 'single') this.quoted("'");
    else if (frame.kind === 'double') this.double();
    else if (frame.kind === 'param') this.param();
    else this.arith(frame);
  }

  /** Unquoted text: the only place where comments and blanks mean nothing. */
  private code(frame: CodeFrame): void {
    if (this.lineStart) this.lineBeginning();
    else if (!this.layout(this.peek())) this.codeChar(frame, this.peek());
  }

  /** Blanks, newlines and comments, which stripping drops: false for anything else. */
  private layout(char: string): boolean {
    if (BLANK.has(char)) {
      this.pendingBlank = true;
      this.index += 1;
    } else if (char === '\n') this.newline();
    else if (char === '#' && this.pendingBlank) this.skipComment();
    else return false;
    return true;
  }

  private codeChar(frame: CodeFrame, char: string): void {
    if (char === '\\') this.escape();
    else if (char === '<' && this.peek(1) === '<') this.hereDocOperator();
    else if (char === ')' && frame.closes && frame.depth === 0) this.close(1, 's');
    else {
      if (char === '(' || char === ')') frame.depth += char === '(' ? 1 : -1;
      this.opening(char);
    }
  }

  /** Indentation, then a blank line, a comment line or the line's first word. */
  private lineBeginning(): void {
    while (BLANK.has(this.peek())) this.index += 1;
    const char = this.peek();
    if (char === '\n') this.index += 1;
    else if (char === '#') this.commentLine();
    else this.lineStart = false;
  }

  private commentLine(): void {
    const end = this.text.indexOf('\n', this.index);
    const stop = end === -1 ? this.text.length : end;
    const directive = DIRECTIVE.exec(this.text.slice(this.index, stop));
    if (directive !== null) this.write(`# shellcheck ${directive[1] ?? ''}\n`, 'x');
    this.index = Math.min(stop + 1, this.text.length);
  }

  private skipComment(): void {
    while (this.index < this.text.length && this.peek() !== '\n') this.index += 1;
  }

  private newline(): void {
    this.index += 1;
    this.pendingBlank = false;
    if (this.lineHasContent) this.write('\n', 'c');
    this.lineHasContent = false;
    this.lineStart = true;
    for (const doc of this.hereDocs.splice(0)) this.hereDocBody(doc);
  }

  /** A line continuation joins two lines: one blank stands for any blanks around it. */
  private escape(): void {
    if (this.peek(1) !== '\n') {
      this.emit(this.text.slice(this.index, this.index + 2));
      this.index += 2;
      return;
    }
    this.index += 2;
    while (BLANK.has(this.peek())) {
      this.pendingBlank = true;
      this.index += 1;
    }
  }

  /** `<<`, `<<-`: the operator and its word are kept; the body follows the line. */
  private hereDocOperator(): void {
    const found = hereDocAt(this.text, this.index);
    if (found === undefined) throw this.error('a here-document operator without a word');
    this.hereDocs.push(found.doc);
    this.verbatim(found.end - this.index);
  }

  private hereDocBody(doc: HereDoc): void {
    const end = hereDocEnd(this.text, this.index, doc);
    if (end === undefined) throw this.error(`here-document ${doc.delimiter} is not closed`);
    this.write(this.text.slice(this.index, end), doc.expands ? 'h' : 'l');
    this.index = end;
  }

  private quoted(closer: string): void {
    const end = this.text.indexOf(closer, this.index);
    if (end === -1) throw this.error(`a ${closer} quote is not closed`);
    this.emit(this.text.slice(this.index, end + 1));
    this.index = end + 1;
    this.stack.pop();
  }

  private double(): void {
    const char = this.peek();
    if (char === '"') this.close(1);
    else if (char === '\\') this.verbatim(2);
    else this.opening(char);
  }

  private param(): void {
    const char = this.peek();
    if (char === '}') this.close(1);
    else if (char === '\\') this.verbatim(2);
    else this.opening(char);
  }

  private arith(frame: ArithFrame): void {
    const char = this.peek();
    if (char === ')' && frame.depth === 0 && this.peek(1) === ')') this.close(2);
    else {
      if (char === '(' || char === ')') frame.depth += char === '(' ? 1 : -1;
      this.opening(char);
    }
  }

  /** A character that may open a quote or an expansion; else copied as it is. */
  private opening(char: string): void {
    if (char === '`') throw this.error('backticks: use $( ) instead');
    const frame = this.frame.kind;
    const quoting = frame !== 'double';
    if (char === '$') this.dollar();
    else if (char === "'" && quoting) this.push({ kind: 'single' }, 1);
    else if (char === '"' && quoting) this.push({ kind: 'double' }, 1);
    else this.verbatim(1);
  }

  private dollar(): void {
    if (this.peek(1) === '(' && this.peek(2) === '(') this.push({ kind: 'arith', depth: 0 }, 3);
    else if (this.peek(1) === '(') this.push({ kind: 'code', depth: 0, closes: true }, 2);
    else if (this.peek(1) === '{') this.push({ kind: 'param' }, 2);
    else this.verbatim(1);
  }

  private push(frame: Frame, length: number): void {
    this.verbatim(length);
    this.stack.push(frame);
  }

  private close(length: number, kind?: string): void {
    this.emit(this.text.slice(this.index, this.index + length), kind);
    this.index += length;
    this.stack.pop();
  }

  private verbatim(length: number): void {
    this.emit(this.text.slice(this.index, this.index + length));
    this.index += length;
  }

  private emit(text: string, kind = KIND[this.frame.kind]): void {
    if (this.pendingBlank && this.lineHasContent) this.write(' ', kind);
    this.pendingBlank = false;
    this.lineHasContent = true;
    this.write(text, kind);
  }

  private write(text: string, kind: string): void {
    this.out.push(text);
    this.kinds.push(kind.repeat(text.length));
  }

  private error(reason: string): HostScriptBuildError {
    const line = this.firstLine - 1 + this.text.slice(0, this.index).split('\n').length;
    return new HostScriptBuildError(`${this.name}, line ${line}`, reason);
  }
}
