/** What strip.ts tracks while it reads, and what it hands to rename.ts. */

export interface CodeFrame {
  readonly kind: 'code';
  /** Open parentheses; a `$( )` frame closes at a `)` with none open. */
  depth: number;
  readonly closes: boolean;
}

export interface ArithFrame {
  readonly kind: 'arith';
  depth: number;
}

export type Frame =
  | CodeFrame
  | ArithFrame
  | { readonly kind: 'single' }
  | { readonly kind: 'double' }
  | { readonly kind: 'param' };

/**
 * What each character of the stripped text is, for identifier shortening (rename.ts):
 * c code, q single-quoted, d double-quoted, p `${…}`, a `$(( ))`, h the body of a
 * here-document that expands, l one that does not, x a shellcheck directive, s the
 * `)` that ends a `$(`.
 */
export interface StrippedShell {
  readonly text: string;
  readonly kinds: string;
}

export const KIND: Record<Frame['kind'], string> = {
  code: 'c',
  single: 'q',
  double: 'd',
  param: 'p',
  arith: 'a',
};
