import { expect } from 'chai';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const src = join(root, 'client/src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return /\.(ts|vue)$/.test(name) ? [path] : [];
  });
}

const MUTATORS = 'set|delete|clear|push|unshift|splice|pop|shift|sort|reverse';

/**
 * The places in one file that write a store's state from outside the store: an assignment, a
 * mutating call, or a v-model bound to it. Stores are found by their `const x = useSomething()`;
 * a write through a value passed around further (a function argument) is not seen.
 */
export function storeWrites(text: string): string[] {
  const names = [...text.matchAll(/const\s+(\w+)\s*=\s*use(?:Chats|Session|Notifications|LiveVisitors|Agents|Canned|History|Exports)\(\)/g)].map((m) => m[1]!);
  if (!names.length) return [];
  // A part of a store held in a variable (`const card = chats.cards.get(id)`) is the store's too.
  names.push(...[...text.matchAll(new RegExp(`(?:const|let)\\s+(\\w+)\\s*=\\s*(?:${names.join('|')})\\.`, 'g'))].map((m) => m[1]!));
  const store = `\\b(?:${names.join('|')})\\.[\\w.]+(?:\\.get\\([^)]*\\)[\\w.!?]*)?`;
  const write = new RegExp(`${store}(?:\\s*(?:[-+*/]?=(?![=>])|\\+\\+|--)|\\.(?:${MUTATORS})\\()|v-model(?:\\.\\w+)*="${store}"`, 'g');
  return text.split('\n').flatMap((line, i) => [...line.matchAll(write)].map((m) => `${i + 1}: ${m[0]}`));
}

describe('dashboard: store state changes only inside the stores', () => {
  it('no component, view or realtime module writes a store\'s state (they call its actions)', () => {
    const found = filesUnder(src)
      .filter((file) => !relative(src, file).startsWith('stores'))
      .flatMap((file) => storeWrites(readFileSync(file, 'utf8')).map((w) => `${relative(root, file)}:${w}`));
    expect(found, 'write these through a store action').to.deep.equal([]);
  });

  it('the check sees the writes it is there to catch, and lets reads and action calls through', () => {
    const component = [
      "const chats = useChats();",
      "const bell = useNotifications();",
      "chats.cards.set(1, card);",
      "chats.cards.get(1)!.unread += 1;",
      "chats.activeId = null;",
      "bell.items.push(n);",
      '<input v-model="chats.closed.q" />',
      "if (chats.activeId === 3) chats.open(3);",
      "const card = chats.cards.get(1);",
      "other.value = 2;",
      "const held = chats.cards.get(2);",
      "if (held) held.flash = false;",
    ].join('\n');
    expect(storeWrites(component)).to.deep.equal([
      '3: chats.cards.set(',
      '4: chats.cards.get(1)!.unread +=',
      '5: chats.activeId =',
      '6: bell.items.push(',
      '7: v-model="chats.closed.q"',
      '12: held.flash =',
    ]);
    expect(storeWrites('const x = 1; x.y = 2;'), 'a file without stores').to.deep.equal([]);
  });
});
