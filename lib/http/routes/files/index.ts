import type { AppDeps, AppRouter } from '../../types.js';
import { fileServices } from './fileServices.js';
import { uploadRoutes } from './uploads.js';
import { downloadLinkRoutes } from './downloadLinks.js';
import { downloadRoutes } from './downloads.js';

/**
 * Chat files: uploads and download links from the widget (`open`, visitor token) and the dashboard
 * (`signedIn`, session), and the token-authenticated downloads (`open`).
 */
export function fileRoutes(open: AppRouter, signedIn: AppRouter, deps: AppDeps) {
  const files = fileServices(deps);
  uploadRoutes(open, signedIn, deps, files);
  downloadLinkRoutes(open, signedIn, deps, files);
  downloadRoutes(open, deps, files);
}
