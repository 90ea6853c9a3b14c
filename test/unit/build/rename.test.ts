// Identifier shortening: every place a name is used as a variable or a function changes
// together, or the name stays; each snippet prints the same before and after (real sh).
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { shortenIdentifiers } from '../../../src/build/rename.js';
import { stripShellWithKinds } from '../../../src/build/strip.js';

const run = (script: string): string => execFileSync('sh', ['-c', script], { encoding: 'utf8' });

function shortened(lines: readonly string[]) {
  const source = `${lines.join('\n')}\n`;
  const result = shortenIdentifiers(stripShellWithKinds(source));
  expect(run(result.text)).toBe(run(source));
  return result;
}

describe('shortenIdentifiers', () => {
  it('renames a variable in every variable position', () => {
    const { renames, text } = shortened([
      'counter=1',
      'counter=$((counter + 1))',
      'echo "$counter ${counter} ${#counter} ${counter:-none}" $counter',
      'printf "x y\\n" | while read -r first_word second_word; do echo "$second_word$first_word"; done',
      'for item_name in a b; do echo "$item_name"; done',
      'cat <<EOF',
      'heredoc $counter',
      'EOF',
    ]);
    expect([...renames.keys()].sort()).toEqual(
      ['counter', 'first_word', 'item_name', 'second_word'].sort(),
    );
    expect(text).not.toMatch(/counter|first_word|item_name/);
  });

  it('renames a function where it is defined and called, also in $( ) and heredocs', () => {
    const { renames, text } = shortened([
      'say_twice() { echo "$1$1"; }',
      'say_twice a',
      'x=$(say_twice b) && say_twice c || say_twice d',
      'if say_twice e; then ! say_twice f; fi',
      'case x in x) say_twice g ;; esac',
      'cat <<EOF',
      '$(say_twice h)',
      'EOF',
    ]);
    expect(renames.has('say_twice')).toBe(true);
    expect(text).not.toContain('say_twice');
  });

  it('keeps a name that also appears as text: in a message, a quoted program, an argument', () => {
    const { renames } = shortened([
      'mode=inject',
      'echo "the mode is $mode"',
      "zone=eu; echo x | awk '{ zone = 1; print zone }'; echo $zone",
      'field=1; set -- field; echo "$1$field"',
      'owner=me; echo "\\$owner $owner"',
      'kept=1; label=kept; echo $kept $label',
      "price=3; echo '$price' \"$price\"; echo 1 | awk '{ print $price }'",
    ]);
    // label is only ever a variable; kept is also a value.
    expect([...renames.keys()]).toEqual(['label']);
  });

  it('keeps a function whose name is also a case pattern or a message word', () => {
    const { renames } = shortened([
      'revert() { echo reverting; }',
      'for m in revert x; do case $m in inject | revert) revert ;; *) echo no ;; esac; done',
      'status() { echo s; }',
      'status; echo "status"',
    ]);
    expect([...renames.keys()]).toEqual([]);
  });

  it('keeps a function named like a case pattern, even where nothing else names it', () => {
    const { renames } = shortened([
      'halt() { echo halting; }',
      'halt',
      'for word in start ha; do case ${word%ha}${word#start}lt in',
      '  halt | stop) echo pattern-one ;;',
      '  start) echo pattern-two ;;',
      'esac; done',
    ]);
    expect(renames.has('halt')).toBe(false);
  });

  it('never renames upper-case names: they may come from or go to the environment', () => {
    const { renames } = shortened([
      'HOME_DIR=/tmp',
      'DOCKER_CONFIG=$HOME_DIR env | grep -c DOCKER_CONFIG',
    ]);
    expect([...renames.keys()]).toEqual([]);
  });

  it('gives new names that are no word of the script, most saving first', () => {
    const { renames } = shortened([
      'a=1 b=2 c=3',
      'long_name_here=x; echo "$long_name_here$long_name_here" $a $b $c',
      'short=y; echo "$short"',
    ]);
    expect([...renames]).toEqual([
      ['long_name_here', 'd'],
      ['short', 'e'],
    ]);
  });
});
