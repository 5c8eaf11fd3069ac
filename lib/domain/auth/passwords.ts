import crypto from 'node:crypto';
import bcrypt from 'bcryptjs';

const COST = 11;

export const hashPassword = (plain: string) => bcrypt.hash(plain, COST);
export const verifyPassword = (plain: string, hash: string) => bcrypt.compare(plain, hash);

/** A hash that matches nothing, compared against when the e-mail is unknown so timing does not tell. */
export const UNUSABLE_HASH = bcrypt.hashSync(crypto.randomBytes(16).toString('hex'), 4);

/** A one-time password for a new account, printed once by the CLI: 20 URL-safe characters. */
export const generatePassword = () => crypto.randomBytes(15).toString('base64url');
