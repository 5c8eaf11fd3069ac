/**
 * Errors that carry a message meant for a person. The HTTP layer turns them into
 * {error: {code, message, details}}; the CLI prints the message and exits non-zero, without a stack.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what = 'resource') => new AppError('not_found', `That ${what} does not exist.`, 404);
export const forbidden = (message = 'Your role does not allow this.') => new AppError('forbidden', message, 403);
export const invalid = (message: string, details?: unknown) => new AppError('invalid_input', message, 422, details);
export const conflict = (message: string) => new AppError('conflict', message, 409);
