import { version } from '../../../version.js';
import { route, type HttpRoute } from '../../route.js';
import { apiV1ChatRoutes } from './chats.js';
import { apiV1DirectoryRoutes } from './directory.js';
import { apiV1ReportRoutes } from './reports.js';
import { apiV1VisitorEraseRoutes } from '../chats/visitorErase.js';
import { apiV1VisitorExportRoutes } from '../chats/visitorExport.js';
import { openApiDocument } from './openapi.js';
import { DOCS_CSS, renderDocsPage } from './docsPage.js';

/** The token REST API: every route names the scope it needs and documents its answer. */
export const apiV1Operations: HttpRoute[] = [...apiV1ChatRoutes, ...apiV1DirectoryRoutes, ...apiV1VisitorExportRoutes, ...apiV1VisitorEraseRoutes, ...apiV1ReportRoutes];

const DOC_PATHS = ['/api/v1/openapi.json', '/api/v1/docs', '/api/v1/docs.css'];
const documentFor = (publicUrl: string) => openApiDocument(apiV1Operations, { version, serverUrl: new URL(publicUrl).origin, docPaths: DOC_PATHS });

const openApiRoute = route({
  method: 'get',
  path: '/api/v1/openapi.json',
  permission: 'public',
  run: async (ctx) => documentFor(ctx.env.deps.config.publicUrl),
  present: (doc) => doc,
});

const docsPageRoute = route({
  method: 'get',
  path: '/api/v1/docs',
  permission: 'public',
  run: async (ctx) => renderDocsPage(documentFor(ctx.env.deps.config.publicUrl)),
  present: (html, ctx) => {
    ctx.env.http.type = 'text/html; charset=utf-8';
    return html;
  },
});

const docsStyleRoute = route({
  method: 'get',
  path: '/api/v1/docs.css',
  permission: 'public',
  run: async () => DOCS_CSS,
  present: (css, ctx) => {
    ctx.env.http.type = 'text/css; charset=utf-8';
    ctx.env.http.set('Cache-Control', 'public, max-age=3600');
    return css;
  },
});

export const apiV1Routes: HttpRoute[] = [...apiV1Operations, openApiRoute, docsPageRoute, docsStyleRoute];
