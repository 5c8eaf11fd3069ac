import { widgetUploadRoute, agentUploadRoute } from './uploads.js';
import { widgetDownloadLinkRoute, agentDownloadLinkRoute } from './downloadLinks.js';
import { downloadRoutes } from './downloads.js';

/**
 * Chat files: uploads and download links from the widget (visitor token) and the dashboard
 * (session), and the token-authenticated downloads.
 */
export const fileRoutes = [widgetUploadRoute, widgetDownloadLinkRoute, ...downloadRoutes, agentUploadRoute, agentDownloadLinkRoute];
