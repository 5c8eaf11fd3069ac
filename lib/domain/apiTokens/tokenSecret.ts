import crypto from 'node:crypto';

/** Every API token starts so: secret scanners (and people) recognise one, and the identity module tells it from a visitor token. */
export const API_TOKEN_PREFIX = 'lct_';

/** A new secret: 32 random bytes. */
export const newTokenSecret = () => API_TOKEN_PREFIX + crypto.randomBytes(32).toString('base64url');

/** What is stored and looked up: a secret of 256 random bits needs no slow hash, and SHA-256 lets the lookup be an index seek. */
export const hashTokenSecret = (secret: string) => crypto.createHash('sha256').update(secret).digest('hex');
