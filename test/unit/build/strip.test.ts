// The stripper on the constructs the shell treats specially: each snippet must print the
// same from its stripped text (run by the real sh) as from its source, and lose only
// comments, blank lines, indentation and continuations.
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { stripShell } from '../../../src/build/strip.js';

const run = (script: string): string => execFileSync('sh', ['-c', script], { encoding: 'utf8' });

function expectSameOutput(source: string): string {
  const stripped = stripShell(source);
  expect(run(stripped)).toBe(run(source));
  return stripped;
}

describe('stripShell', () => {
  it('drops comment lines, trailing comments, blank lines and indentation', () => {
    const stripped = expectSameOutput(
      ['# a comment', '', 'f() {  # why', '    echo one   two', '', '  # more', '}', 'f'].join(
        '\n',
      ) + '\n',
    );
    expect(stripped).toBe('f() {\necho one two\n}\nf\n');
  });

  it('keeps # that starts no word, and # inside quotes and expansions', () => {
    const stripped = expectSameOutput(
      [
        'set -- a b c',
        'x=abc#def',
        `echo $# "$#" a#b '# not' "# not" \${#x} \${x#abc} \${x%%#*}`,
        'echo "${x:+ # kept}" # gone',
      ].join('\n') + '\n',
    );
    expect(stripped).toContain(`echo $# "$#" a#b '# not' "# not" \${#x} \${x#abc} \${x%%#*}\n`);
    expect(stripped).toContain('echo "${x:+ # kept}"\n');
  });

  it('copies here-document bodies byte for byte, indentation and # lines included', () => {
    const stripped = expectSameOutput(
      [
        'f() {',
        '  cat <<EOF # the body follows',
        '    # not a comment: $1',
        '',
        '  indented',
        'EOF',
        "  cat <<'RAW'",
        '  $1 # $(literal)',
        'RAW',
        '  cat <<-TABS',
        '\t\ttabbed $1',
        '\tTABS',
        '}',
        'f value',
      ].join('\n') + '\n',
    );
    expect(stripped).toContain('cat <<EOF\n    # not a comment: $1\n\n  indented\nEOF\n');
    expect(stripped).toContain("cat <<'RAW'\n  $1 # $(literal)\nRAW\n");
  });

  it('copies quoted strings that span lines, with their indentation', () => {
    const stripped = expectSameOutput(
      [
        "  x='one",
        '    two # not a comment',
        "  three'",
        '  y="a',
        '    $x',
        '  b"',
        '  echo "$y"',
      ].join('\n') + '\n',
    );
    expect(stripped).toContain("x='one\n    two # not a comment\n  three'\n");
  });

  it('joins continued lines: a blank stands for blanks, none for none', () => {
    const stripped = expectSameOutput(
      ['echo a \\', '    b', 'echo c\\', '    d', 'echo e\\', 'f', 'echo "g \\', '  h"'].join(
        '\n',
      ) + '\n',
    );
    expect(stripped).toBe('echo a b\necho c d\necho ef\necho "g \\\n  h"\n');
  });

  it('strips inside $( ), also across lines, but not inside $(( )) or ${ }', () => {
    const stripped = expectSameOutput(
      [
        'x=$(',
        '  # inside',
        '  printf "%s" "a  b" |   tr a c  # trailing',
        ')',
        'echo "$x" $((  1 + ( 2 * 3 )  )) "${x:-  spaced  }"',
      ].join('\n') + '\n',
    );
    expect(stripped).toContain('x=$(\nprintf "%s" "a  b" | tr a c\n)\n');
    expect(stripped).toContain('$((  1 + ( 2 * 3 )  ))');
  });

  it('keeps shellcheck directives, without their explanation', () => {
    const stripped = stripShell('  # shellcheck disable=SC2086 # one id per word\n  echo $x\n');
    expect(stripped).toBe('# shellcheck disable=SC2086\necho $x\n');
  });

  it('keeps case statements intact', () => {
    expectSameOutput(
      [
        'for v in a b "#c" ";"; do',
        '  case $v in',
        "    a | '#'*) echo hash-or-a ;; # comment",
        '    \\;) echo semicolon ;;',
        '    *) echo other ;;',
        '  esac',
        'done',
      ].join('\n') + '\n',
    );
  });

  it('refuses backticks and names the line of what is not closed', () => {
    expect(() => stripShell('echo ok\necho `id`\n', 'x.sh')).toThrow(/x\.sh, line 2: backticks/);
    expect(() => stripShell("echo 'open\n", 'y.sh', 5)).toThrow(/y\.sh, line 5: a ' quote/);
    expect(() => stripShell('cat <<EOF\nbody\n', 'z.sh')).toThrow(/here-document EOF/);
  });
});
