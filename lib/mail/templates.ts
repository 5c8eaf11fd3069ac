import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../paths.js';
import { parseTemplate, renderTemplate, type ParsedTemplate } from './templater.js';

const EMAIL_TEMPLATES_DIR = path.join(packageRoot, 'templates', 'email');

const cache = new Map<string, ParsedTemplate>();

function load(file: string): ParsedTemplate {
  let parsed = cache.get(file);
  if (!parsed) {
    parsed = parseTemplate(fs.readFileSync(path.join(EMAIL_TEMPLATES_DIR, file), 'utf8'), file);
    cache.set(file, parsed);
  }
  return parsed;
}

/** An e-mail's two bodies from templates/email/<name>.html and <name>.txt (values escaped in the HTML). */
export function renderEmail(name: string, view: Record<string, unknown>): { html: string; text: string } {
  return {
    html: renderTemplate(load(`${name}.html`), view, { html: true }),
    text: renderTemplate(load(`${name}.txt`), view, { html: false }),
  };
}
