import { parse } from '@babel/parser';
import type { Comment, Node, TSType, TSTypeElement } from '@babel/types';

/**
 * Renders docs/protocol-reference.md from the sources of lib/protocol, so the reference cannot
 * drift from the types the server, dashboard and widget compile against. The TypeScript 7
 * package has no JavaScript compiler API, so the type source is read with @babel/parser (its
 * TypeScript syntax) and every doc comment becomes the text. The limits of client frames come
 * from the zod schema the server validates them with, and the two must list the same fields.
 */
export interface ReferenceSources {
  frames: string;
  events: string;
  dto: string;
  /** lib/protocol/http.ts: the HTTP API's JSON bodies. */
  http: string;
  /** JSON Schema of the server's client-frame validation (z.toJSONSchema of clientFrameSchema). */
  clientFrameSchema: { oneOf: JsonSchema[] };
}

export interface JsonSchema {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  pattern?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  propertyNames?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
}

interface Field {
  name: string;
  type: string;
  optional: boolean;
  doc: string;
}

interface Declaration {
  name: string;
  doc: string;
  node: Node;
}

/** One parsed file: its declarations by name, and a way to find the doc comment before a node. */
class SourceFile {
  readonly declarations = new Map<string, Declaration>();
  private readonly comments: Comment[];

  constructor(
    readonly path: string,
    readonly text: string,
  ) {
    const ast = parse(text, { sourceType: 'module', plugins: ['typescript'] });
    this.comments = (ast.comments ?? []).filter((c) => c.type === 'CommentBlock' && c.value.startsWith('*'));
    for (const statement of ast.program.body) {
      const node = statement.type === 'ExportNamedDeclaration' && statement.declaration ? statement.declaration : statement;
      const name = node.type === 'VariableDeclaration' ? (node.declarations[0].id as { name?: string }).name : (node as { id?: { name?: string } }).id?.name;
      if (name) this.declarations.set(name, { name, doc: this.docBefore(statement.start!), node });
    }
  }

  get(name: string): Declaration {
    const found = this.declarations.get(name);
    if (!found) throw new Error(`${this.path}: no declaration named ${name}`);
    return found;
  }

  /** The doc comment right before `start`: only blanks and a union's `|` may stand between. */
  docBefore(start: number): string {
    const comment = this.comments.filter((c) => c.end! <= start && /^[\s|]*$/.test(this.text.slice(c.end!, start))).at(-1);
    if (!comment) return '';
    return comment.value
      .split('\n')
      .map((line) => line.replace(/^\s*\*+ ?/, '').trim())
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
  }

  source(node: Node): string {
    return this.text.slice(node.start!, node.end!).replace(/\s+/g, ' ');
  }

  fields(members: TSTypeElement[]): Field[] {
    return members.flatMap((m) => {
      if (m.type !== 'TSPropertySignature') return [];
      const key = m.key.type === 'Identifier' ? m.key.name : m.key.type === 'StringLiteral' ? m.key.value : this.source(m.key);
      return [{ name: key, type: m.typeAnnotation ? this.source(m.typeAnnotation.typeAnnotation) : 'unknown', optional: !!m.optional, doc: this.docBefore(m.start!) }];
    });
  }

  /** The members of `export type X = | A | B`, each with its doc comment; each must have one. */
  unionMembers(name: string): { type: TSType; doc: string }[] {
    const { node } = this.get(name);
    if (node.type !== 'TSTypeAliasDeclaration' || node.typeAnnotation.type !== 'TSUnionType') throw new Error(`${this.path}: ${name} is not a union type`);
    return node.typeAnnotation.types.map((type) => {
      const doc = this.docBefore(type.start!);
      if (!doc) throw new Error(`${this.path}: a member of ${name} has no doc comment (${this.source(type).slice(0, 60)}): say what it is for, it is the reference's text`);
      return { type, doc };
    });
  }

  /** The properties of an object type (a literal, an interface, or the literal part of `{...} & X`). */
  objectFields(type: Node): Field[] {
    if (type.type === 'TSParenthesizedType') return this.objectFields(type.typeAnnotation);
    if (type.type === 'TSIntersectionType') return type.types.flatMap((t) => (t.type === 'TSTypeLiteral' || t.type === 'TSParenthesizedType' ? this.objectFields(t) : []));
    if (type.type === 'TSTypeLiteral') return this.fields(type.members);
    if (type.type === 'TSInterfaceDeclaration') return this.fields(type.body.body);
    if (type.type === 'TSTypeAliasDeclaration') return this.objectFields(type.typeAnnotation);
    throw new Error(`${this.path}: ${this.source(type).slice(0, 60)} is not an object type`);
  }
}

const cell = (text: string) => text.replace(/\|/g, '\\|');
const code = (text: string) => (text ? `\`${cell(text)}\`` : '');

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** A JSON Schema's limits in words ("1–64 characters", "integer ≥ 1"). */
export function limitsOf(schema: JsonSchema | undefined): string {
  if (!schema) return '';
  const out: string[] = [];
  if (schema.type === 'string') {
    if (schema.minLength !== undefined && schema.maxLength !== undefined) out.push(`${schema.minLength}–${schema.maxLength} characters`);
    else if (schema.maxLength !== undefined) out.push(`at most ${schema.maxLength} characters`);
    else if (schema.minLength !== undefined) out.push(`at least ${schema.minLength} characters`);
    if (schema.pattern) out.push(`matches ${code(schema.pattern)}`);
  }
  if (schema.type === 'integer') {
    const min = schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : schema.minimum;
    out.push(min === undefined ? 'integer' : `integer ≥ ${min}`);
  }
  if (schema.type === 'object' && schema.propertyNames) {
    out.push(`keys: ${limitsOf(schema.propertyNames) || 'any'}; values: ${typeof schema.additionalProperties === 'object' ? limitsOf(schema.additionalProperties) : 'any'}`);
  }
  return out.join(', ');
}

/** The TypeScript fields and the validation schema of one frame must name the same fields, equally required. */
function checkAgainstSchema(what: string, fields: Field[], schema: JsonSchema) {
  const declared = fields.map((f) => `${f.name}${f.optional ? '?' : ''}`).sort();
  const validated = Object.keys(schema.properties ?? {})
    .map((k) => `${k}${schema.required?.includes(k) ? '' : '?'}`)
    .sort();
  if (declared.join() !== validated.join()) {
    throw new Error(`${what}: lib/protocol/frames.ts declares {${declared.join(', ')}} but lib/realtime/frameSchema.ts validates {${validated.join(', ')}}: make them agree`);
  }
}

function literalOf(fields: Field[], key: string): string {
  const field = fields.find((f) => f.name === key);
  if (!field) throw new Error(`a member has no '${key}' field`);
  return field.type.replace(/^'(.*)'$/, '$1');
}

function fieldTable(fields: Field[], limits?: JsonSchema, skip: string[] = []) {
  const rows = fields.filter((f) => !skip.includes(f.name));
  if (!rows.length) return '';
  if (limits) return table(['field', 'type', 'required', 'limits', 'meaning'], rows.map((f) => [code(f.name), code(f.type), f.optional ? 'no' : 'yes', cell(limitsOf(limits.properties?.[f.name])), cell(f.doc)]));
  return table(['field', 'type', 'meaning'], rows.map((f) => [code(f.name), code(f.optional ? `${f.type} (optional)` : f.type), cell(f.doc)]));
}

const section = (...parts: string[]) => parts.filter(Boolean).join('\n\n');

export function renderProtocolReference(src: ReferenceSources): string {
  const frames = new SourceFile('lib/protocol/frames.ts', src.frames);
  const events = new SourceFile('lib/protocol/events.ts', src.events);
  const dto = new SourceFile('lib/protocol/dto.ts', src.dto);
  const schemas = new Map(src.clientFrameSchema.oneOf.map((s) => [String(s.properties?.type?.const), s]));
  const out: string[] = [
    '# Protocol reference',
    '<!-- Generated from lib/protocol by `npm run docs:protocol`: do not edit by hand. test/unit/protocolReference.test.ts fails when this file and the code differ. -->',
    'Every frame, event and shape of the realtime protocol, generated from `lib/protocol` (the types the server, the dashboard and the widget compile against) and from the server\'s frame validation. How to use them (connecting, sending without loss, resuming) is in [protocol.md](protocol.md).',
  ];

  out.push('## Frames a client sends', frames.get('ClientFrame').doc);
  const seen = new Set<string>();
  const requests: string[] = [];
  for (const { type, doc } of frames.unionMembers('ClientFrame')) {
    const fields = frames.objectFields(type);
    const name = literalOf(fields, 'type');
    const schema = schemas.get(name);
    if (!schema) throw new Error(`lib/protocol/frames.ts: the client frame '${name}' has no schema in lib/realtime/frameSchema.ts: the server would refuse it`);
    checkAgainstSchema(`client frame '${name}'`, fields, schema);
    seen.add(name);
    if (fields.some((f) => f.name === 'ref')) requests.push(name);
    out.push(section(`### \`${name}\``, doc, fieldTable(fields, schema, ['type'])));
  }
  const unknown = [...schemas.keys()].filter((k) => !seen.has(k));
  if (unknown.length) throw new Error(`lib/realtime/frameSchema.ts accepts frames lib/protocol/frames.ts does not declare: ${unknown.join(', ')}`);

  out.push('## Frames the server sends', frames.get('ServerFrame').doc);
  for (const { type, doc } of frames.unionMembers('ServerFrame')) {
    const fields = frames.objectFields(type);
    const ok = fields.find((f) => f.name === 'ok');
    const title = `\`${literalOf(fields, 'type')}\`${ok ? ` (ok: ${ok.type})` : ''}`;
    out.push(section(`### ${title}`, doc, fieldTable(fields, undefined, ['type'])));
  }

  const lead = schemas.get('chat.start')?.properties?.lead;
  for (const name of ['ReplyError', 'SyncReply', 'LeadForm']) {
    const decl = frames.get(name);
    out.push(section(`### ${name}`, decl.doc, fieldTable(frames.objectFields(decl.node), name === 'LeadForm' ? lead : undefined)));
  }

  const replies = frames.get('FrameReplies');
  const replyFields = frames.objectFields(replies.node);
  const answered = replyFields.map((f) => f.name);
  if (answered.sort().join() !== requests.sort().join()) {
    throw new Error(`lib/protocol/frames.ts: FrameReplies answers {${answered.join(', ')}} but the frames with a ref are {${requests.join(', ')}}: each frame with a ref needs its reply`);
  }
  const undocumented = replyFields.find((f) => !f.doc);
  if (undocumented) throw new Error(`lib/protocol/frames.ts: the reply to '${undocumented.name}' in FrameReplies has no doc comment: say what it answers`);
  out.push(section('### Replies', replies.doc, table(['frame', 'reply fields', 'meaning'], replyFields.map((f) => [code(f.name), code(f.type), cell(f.doc)]))));

  out.push('## Error codes', frames.get('ErrorCode').doc);
  out.push(table(['code', 'meaning'], frames.unionMembers('ErrorCode').map(({ type, doc }) => [code(frames.source(type).replace(/'/g, '')), cell(doc)])));

  out.push('## Close codes', frames.get('closeCodes').doc);
  out.push(table(['code', 'name', 'meaning'], constObject(frames, 'closeCodes').map((p) => [p.value, code(p.key), cell(p.doc)])));

  out.push('## Events', events.get('LivechatEvent').doc);
  for (const { type, doc } of events.unionMembers('LivechatEvent')) {
    const fields = events.objectFields(type);
    out.push(section(`### \`${literalOf(fields, 'name')}\``, doc, fieldTable(fields, undefined, ['name'])));
  }

  out.push('## Channels', events.get('channels').doc);
  out.push(table(['channel', 'who listens, what it carries'], constObject(events, 'channels').map((p) => [code(p.value), cell(p.doc)])));

  out.push('## Shapes', 'The JSON objects inside frames and events (`lib/protocol/dto.ts`).');
  out.push(...shapes(dto));
  const http = new SourceFile('lib/protocol/http.ts', src.http);
  out.push('## HTTP bodies', 'What the dashboard\'s and the widget\'s HTTP calls answer (`lib/protocol/http.ts`): the server\'s presenters are typed with these, and the clients read them.');
  out.push(...shapes(http));
  return `${out.filter(Boolean).join('\n\n')}\n`;
}

/** Each type of a shapes file as a section: a union's members, an object's fields. Each needs a doc comment. */
function shapes(file: SourceFile): string[] {
  return [...file.declarations.values()].flatMap((decl) => {
    const { node } = decl;
    if (node.type !== 'TSInterfaceDeclaration' && node.type !== 'TSTypeAliasDeclaration') return [];
    if (!decl.doc && file.path !== 'lib/protocol/dto.ts') throw new Error(`${file.path}: ${decl.name} has no doc comment: say which answer it is`);
    if (node.type === 'TSTypeAliasDeclaration' && node.typeAnnotation.type !== 'TSTypeLiteral') return [section(`### ${decl.name}`, decl.doc, `One of ${code(file.source(node.typeAnnotation))}.`)];
    return [section(`### ${decl.name}`, decl.doc, fieldTable(file.objectFields(node)))];
  });
}

/** The properties of `export const x = {...}`: key, its value as written (a channel's pattern), doc. */
function constObject(file: SourceFile, name: string) {
  const { node } = file.get(name);
  if (node.type !== 'VariableDeclaration') throw new Error(`${file.path}: ${name} is not a const`);
  let init = node.declarations[0].init;
  if (init?.type === 'TSAsExpression') init = init.expression;
  if (init?.type !== 'ObjectExpression') throw new Error(`${file.path}: ${name} is not an object`);
  return init.properties.flatMap((p) => {
    if (p.type !== 'ObjectProperty') return [];
    const key = p.key.type === 'Identifier' ? p.key.name : file.source(p.key);
    const value = p.value.type === 'ArrowFunctionExpression' ? file.source(p.value.body) : file.source(p.value);
    // `visitors.${clientId}` -> visitors.{clientId}
    const shown = value.replace(/^[`']|[`']$/g, '').replace(/\$\{(\w+)\}/g, '{$1}');
    return [{ key, value: shown, doc: file.docBefore(p.start!) }];
  });
}
