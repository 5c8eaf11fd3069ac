import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** Bytes, gzipped (decimal kB, as the build prints them): on every page view, and on the first open. */
export const BUDGETS = { loaderGz: 3_000, firstOpenGz: 35_000 } as const;

export interface MeasuredFile {
  file: string;
  bytes: number;
  gzip: number;
}

const gz = (buf: Buffer) => zlib.gzipSync(buf, { level: 9 });

/**
 * What a visitor downloads: the loader on every page; on first open also the app's page and every
 * script and stylesheet that page references.
 */
export function measureWidget(dist: string) {
  const read = (rel: string): MeasuredFile => {
    const buf = fs.readFileSync(path.join(dist, rel));
    return { file: rel, bytes: buf.length, gzip: gz(buf).length };
  };
  const loader = read('loader.js');
  const html = fs.readFileSync(path.join(dist, 'app', 'index.html'), 'utf8');
  const assets = [...html.matchAll(/(?:src|href)="\/widget\/(app\/assets\/[^"]+)"/g)].map((m) => m[1]);
  const firstOpen = [loader, read('app/index.html'), ...assets.map(read)];
  return { loader, firstOpen, loaderGz: loader.gzip, firstOpenGz: firstOpen.reduce((n, f) => n + f.gzip, 0), assets };
}

/** Gzipped twins of the built files, which the server sends to browsers that accept gzip. */
export function writeGzipTwins(dist: string) {
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const file of walk(dist).filter((f) => /\.(js|css|html)$/.test(f))) fs.writeFileSync(`${file}.gz`, gz(fs.readFileSync(file)));
}
