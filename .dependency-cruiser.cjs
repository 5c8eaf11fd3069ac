/**
 * The layering of docs ../shared/ARCHITECTURE.md ("Boundaries are checked"), as rules that
 * `npm run lint:boundaries` (and so `npm test`, which CI runs) enforces:
 *
 *   entry points (cli, server) -> transport (http, realtime) and jobs -> runner -> domain -> db
 *   policies and presenters are used by the runner and the transport, not by the domain
 *   protocol is the shared contract and depends on nothing of lib
 *   client/ and widget/ see only lib/protocol and lib/realtime-client
 *
 * Type imports count too: a layer that must not know another must not know its types either
 * (the parser is swc, which sees `import type` like any import; TypeScript 7 has no JS API).
 *
 * There is no list of known violations: a rule broken anywhere fails the check. The domain emits
 * rows (domain/events.ts) that the unit of work's caller presents (presenters/events.ts), and gets
 * the rights it must re-check handed in (domain/files/fileAccess.ts FileReadCheck).
 * .vue files are checked by .dependency-cruiser.vue.cjs (same rules, another parser).
 */

/** Folders of lib below the transport, that must not reach up into it. */
const BELOW_TRANSPORT = '^lib/(runner|domain|db|policies|presenters|events|mail|push|files|tracking|backup|leases|protocol|realtime-client)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle makes load order matter and the layers meaningless: move the shared part down.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'protocol-imports-nothing-of-lib',
      severity: 'error',
      comment: 'lib/protocol is the contract shared by server, dashboard and widget: it may import only itself (and zod).',
      from: { path: '^lib/protocol/' },
      to: { path: '^lib/', pathNot: '^lib/protocol/' },
    },
    {
      name: 'realtime-client-only-protocol',
      severity: 'error',
      comment: 'lib/realtime-client runs in browsers: of lib it may import only lib/protocol.',
      from: { path: '^lib/realtime-client/' },
      to: { path: '^lib/', pathNot: '^lib/(protocol|realtime-client)/' },
    },
    {
      name: 'browser-code-sees-only-the-contract',
      severity: 'error',
      comment: 'client/ and widget/ may import only lib/protocol and lib/realtime-client from lib.',
      from: { path: '^(client|widget)/' },
      to: { path: '^lib/', pathNot: '^lib/(protocol|realtime-client)/' },
    },
    {
      name: 'nothing-imports-cli',
      severity: 'error',
      comment: 'lib/cli is the top (bin/livechat loads it): nothing in lib imports it. Move what is shared down.',
      from: { path: '^lib/', pathNot: '^lib/cli/' },
      to: { path: '^lib/cli/' },
    },
    {
      name: 'nothing-imports-http-from-below',
      severity: 'error',
      comment: 'lib/http is transport: only the composition roots (server.ts, cli) import it; the socket transport does not reuse HTTP middleware.',
      from: { path: '^lib/', pathNot: '^lib/(http/|cli/|server[.]ts$)' },
      to: { path: '^lib/http/' },
    },
    {
      name: 'nothing-below-imports-the-transport',
      severity: 'error',
      comment: 'The realtime transport is called, not called back: the runner, domain, db, policies, presenters and the adapters do not import lib/realtime.',
      from: { path: BELOW_TRANSPORT },
      to: { path: '^lib/realtime/' },
    },
    {
      name: 'domain-imports-no-transport-framework',
      severity: 'error',
      comment: 'The domain is called by routes, sockets, jobs and the CLI alike: no Koa, no ws, no node:http in it.',
      from: { path: '^lib/domain/' },
      to: { path: '(^|/)node_modules/(koa|koa-[^/]+|@koa/[^/]+|ws)/|^(http|https|http2)$' },
    },
    {
      name: 'domain-not-to-upper-layers',
      severity: 'error',
      comment: 'The domain sits under the runner, the transport, the jobs and the CLI and imports none of them.',
      from: { path: '^lib/domain/' },
      to: { path: '^lib/(runner|http|realtime|jobs|cli)/|^lib/server[.]ts$' },
    },
    {
      name: 'domain-not-to-policies-or-presenters',
      severity: 'error',
      comment: 'Policies (who may) and presenters (model -> DTO) are applied by the runner/transport around one domain operation, not inside it.',
      from: { path: '^lib/domain/' },
      to: { path: '^lib/(policies|presenters)/' },
    },
    {
      name: 'db-is-the-bottom',
      severity: 'error',
      comment: 'lib/db (connection, models, migrations) imports no layer above it.',
      from: { path: '^lib/db/' },
      to: { path: '^lib/(runner|domain|policies|presenters|http|realtime|jobs|cli|mail|push|events)/|^lib/server[.]ts$' },
    },
    {
      name: 'runner-policies-presenters-not-to-transport-or-jobs',
      severity: 'error',
      comment: 'The runner, policies and presenters serve the transport and jobs; they do not import them.',
      from: { path: '^lib/(runner|policies|presenters)/' },
      to: { path: '^lib/(http|realtime|jobs)/' },
    },
    {
      name: 'adapters-not-to-jobs',
      severity: 'error',
      comment: 'Jobs use mail, push, events, files and backup; not the other way round (shared pieces such as leases live below both).',
      from: { path: BELOW_TRANSPORT },
      to: { path: '^lib/jobs/' },
    },
    {
      name: 'config-read-only-by-config',
      severity: 'error',
      comment: 'Files, env vars and flags are read in lib/config/load.ts and env.ts, called by the composition roots (cli, server, install); everyone else gets the validated object (import the types from schema.ts / secrets.ts).',
      from: { path: '^lib/', pathNot: '^lib/(config|cli|install)/|^lib/server[.]ts$' },
      to: { path: '^lib/config/(load|env)[.]ts$|^config/' },
    },
  ],
  options: {
    // swc parses TypeScript as written (type imports included); see the header for why not tsc.
    parser: 'swc',
    doNotFollow: { path: ['node_modules', '[.]vue$'] },
    exclude: { path: '(^|/)dist/' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.vue', '.json'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
