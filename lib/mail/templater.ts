/**
 * A small logic-less templater for the e-mails (a subset of Mustache): `{{name}}`, `{{visitor.email}}`,
 * sections `{{#messages}}...{{/messages}}` (a list repeats, a truthy value shows once, with its fields
 * in scope), inverted sections `{{^x}}...{{/x}}`, comments `{{! ... }}` and `{{.}}` for the current
 * item. In HTML every value is escaped; there is no raw output, so no value can inject markup.
 */
type Node = string | { kind: 'value'; path: string } | { kind: 'section'; path: string; inverted: boolean; children: Node[] };

class TemplateError extends Error {}

const TAG = /\{\{\s*([#^/!]?)\s*([^}]*?)\s*\}\}/g;
/** A section tag alone on its line leaves no blank line behind (as in Mustache). */
const STANDALONE = /^[ \t]*(\{\{\s*[#^/!][^}]*\}\})[ \t]*\r?\n/gm;

export function parseTemplate(source: string, name = 'template'): Node[] {
  const root: Node[] = [];
  const stack: { path: string; children: Node[] }[] = [{ path: '', children: root }];
  const text = source.replace(STANDALONE, '$1');
  let at = 0;
  for (const match of text.matchAll(TAG)) {
    const [whole, sigil, path] = match;
    const current = stack[stack.length - 1].children;
    if (match.index > at) current.push(text.slice(at, match.index));
    at = match.index + whole.length;
    if (sigil === '!') continue;
    if (!/^(\.|[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*)$/.test(path)) throw new TemplateError(`${name}: bad tag {{${sigil}${path}}}`);
    if (sigil === '#' || sigil === '^') {
      const section: Node = { kind: 'section', path, inverted: sigil === '^', children: [] };
      current.push(section);
      stack.push({ path, children: section.children });
    } else if (sigil === '/') {
      const open = stack.pop();
      if (!open || stack.length === 0 || open.path !== path) throw new TemplateError(`${name}: {{/${path}}} closes ${open?.path ? `{{#${open.path}}}` : 'nothing'}`);
    } else {
      current.push({ kind: 'value', path });
    }
  }
  if (stack.length !== 1) throw new TemplateError(`${name}: {{#${stack[stack.length - 1].path}}} is never closed`);
  if (at < text.length) root.push(text.slice(at));
  return root;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

function lookup(path: string, scopes: unknown[]): unknown {
  if (path === '.') return scopes[scopes.length - 1];
  const [first, ...rest] = path.split('.');
  for (let i = scopes.length - 1; i >= 0; i--) {
    const scope = scopes[i];
    if (scope !== null && typeof scope === 'object' && Object.hasOwn(scope, first)) {
      let value: unknown = (scope as Record<string, unknown>)[first];
      for (const key of rest) value = value !== null && typeof value === 'object' && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
      return value;
    }
  }
  return undefined;
}

function renderNodes(nodes: Node[], scopes: unknown[], html: boolean): string {
  let out = '';
  for (const node of nodes) {
    if (typeof node === 'string') {
      out += node;
    } else if (node.kind === 'value') {
      const value = lookup(node.path, scopes);
      const text = value === null || value === undefined ? '' : String(value);
      out += html ? escapeHtml(text) : text;
    } else {
      const value = lookup(node.path, scopes);
      const empty = !value || (Array.isArray(value) && value.length === 0);
      if (node.inverted) {
        if (empty) out += renderNodes(node.children, scopes, html);
      } else if (Array.isArray(value)) {
        for (const item of value) out += renderNodes(node.children, [...scopes, item], html);
      } else if (!empty) {
        out += renderNodes(node.children, typeof value === 'object' ? [...scopes, value] : scopes, html);
      }
    }
  }
  return out;
}

/** Renders parsed nodes; `html` escapes every value. */
export function renderTemplate(nodes: Node[], view: Record<string, unknown>, options: { html: boolean }): string {
  return renderNodes(nodes, [view], options.html);
}

export type ParsedTemplate = Node[];
