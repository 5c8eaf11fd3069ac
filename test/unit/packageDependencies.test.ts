import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { repoRoot } from '../helpers/cli.js';

/** The package a bare import names: `@scope/name` or `name`, without a subpath. */
const packageOf = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

function sourcesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourcesUnder(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('the installed package', () => {
  it('declares every package the server imports as a dependency (a devDependency is missing from `npm install -g`)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const imported = new Set<string>();
    for (const file of sourcesUnder(path.join(repoRoot, 'lib'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:^import (?!type )[^'"]*from |\bimport\()\s*'([^'.][^']*)'/gm)) {
        if (!m[1].startsWith('node:')) imported.add(packageOf(m[1]));
      }
    }
    expect(imported.size).to.be.above(10);
    expect([...imported].filter((name) => !pkg.dependencies[name]).sort()).to.deep.equal([]);
  });
});
