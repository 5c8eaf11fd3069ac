import type { openApiDocument } from './openapi.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** Prose of the document: escaped, with its `code` spans shown as code. */
const prose = (s: string) => escape(s).replace(/`([^`]+)`/g, '<code>$1</code>');
type Operation = { summary: string; description?: string; parameters?: { name: string; in: string; required: boolean; description?: string; schema: unknown }[]; requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }> };

type Json = { type?: string | string[]; enum?: unknown[]; items?: Json; anyOf?: Json[]; oneOf?: Json[]; format?: string; minimum?: number; maximum?: number; default?: unknown };
/** A parameter's schema in a few words: "integer 1-100 (default 50)", "list of: waiting, active". */
function summary(s: Json): string {
  if (s.enum) return `one of: ${s.enum.join(', ')}`;
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return alternatives.map(summary).join(' or ');
  const type = Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? 'any');
  const base = type === 'array' && s.items ? `list of ${summary(s.items)}` : type === 'string' && s.format ? `${s.format}` : type;
  const range = s.minimum !== undefined && s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER ? ` ${s.minimum}-${s.maximum}` : '';
  return `${base}${range}${s.default !== undefined ? ` (default ${JSON.stringify(s.default)})` : ''}`;
}

/** A readable page of the OpenAPI document, made on the server: no script, nothing loaded from elsewhere. */
export function renderDocsPage(doc: ReturnType<typeof openApiDocument>): string {
  const sections: string[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods as Record<string, Operation>)) {
      const params = (op.parameters ?? []).map((p) => `<tr><td><code>${escape(p.name)}</code></td><td>${p.in}</td><td>${p.required ? 'yes' : ''}</td><td>${escape(summary(p.schema as Json))}${p.description ? ` — ${escape(p.description)}` : ''}</td></tr>`).join('');
      const body = op.requestBody ? `<h4>Body</h4><pre>${escape(JSON.stringify(op.requestBody.content['application/json'].schema, null, 2))}</pre>` : '';
      const ok = Object.entries(op.responses).find(([s]) => s.startsWith('2'));
      const [mediaType, content] = Object.entries(ok?.[1].content ?? {})[0] ?? [];
      const answer = ok && content ? `<h4>Answer ${ok[0]} (${escape(mediaType)})</h4><pre>${escape(JSON.stringify(content.schema, null, 2))}</pre>` : '';
      const errors = Object.entries(op.responses).filter(([s]) => !s.startsWith('2')).map(([s, r]) => `<li><b>${s}</b> ${escape(r.description)}</li>`).join('');
      sections.push(`<section><h3><span class="m">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3><p>${prose(op.summary)}</p>${op.description ? `<p>${prose(op.description)}</p>` : ''}${params ? `<table><tr><th>Parameter</th><th>In</th><th>Required</th><th>Schema</th></tr>${params}</table>` : ''}${body}${answer}${errors ? `<ul>${errors}</ul>` : ''}</section>`);
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(doc.info.title)}</title><link rel="stylesheet" href="/api/v1/docs.css"></head><body><main><h1>${escape(doc.info.title)} ${escape(doc.info.version)}</h1><p>${prose(doc.info.description)}</p><p><a href="/api/v1/openapi.json">openapi.json</a> (OpenAPI 3.1)</p>${sections.join('')}</main></body></html>`;
}

export const DOCS_CSS = `body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}main{max-width:960px;margin:0 auto;padding:16px}section{background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:12px 16px;margin:12px 0}h3{margin:0;font-size:16px;word-break:break-all}.m{display:inline-block;min-width:56px;color:#fff;background:#3558d6;border-radius:4px;padding:0 6px;text-align:center;font-size:13px}pre{background:#f1f3f6;padding:8px;overflow:auto;font-size:12px;max-height:280px}table{border-collapse:collapse;width:100%;font-size:13px;display:block;overflow-x:auto}td,th{border-bottom:1px solid #e6e9ee;padding:4px 6px;text-align:left;vertical-align:top}code{font-size:12px}`;
