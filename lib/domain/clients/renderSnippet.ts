import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../paths.js';

/**
 * The embed snippet for one website: one async script tag, so it never blocks the host page.
 * The template lives in templates/ so operators can read exactly what they paste.
 */
export function renderSnippet(publicUrl: string, widgetKey: string): string {
  const template = fs.readFileSync(path.join(packageRoot, 'templates', 'snippet.html'), 'utf8');
  const base = publicUrl.replace(/\/+$/, '');
  const escape = (s: string) => s.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  return template.replaceAll('{{baseUrl}}', escape(base)).replaceAll('{{widgetKey}}', escape(widgetKey)).trim();
}
