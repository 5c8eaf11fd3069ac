import crypto from 'node:crypto';
import bcrypt from 'bcryptjs';

/** bcrypt's cost for every stored password hash. */
export const PASSWORD_COST = 11;

export const hashPassword = (plain: string) => bcrypt.hash(plain, PASSWORD_COST);
export const verifyPassword = (plain: string, hash: string) => bcrypt.compare(plain, hash);

let unusable: Promise<string> | null = null;
/**
 * A hash of a random password nobody knows, at the cost of the real ones: an unknown e-mail is
 * compared against it, so that it takes as long as a wrong password for a real account (the answer
 * is thrown away). Made on first use, not at import.
 */
export const unusableHash = () => (unusable ??= bcrypt.hash(crypto.randomBytes(16).toString('hex'), PASSWORD_COST));

/** A one-time password for a new account, printed once by the CLI: 20 URL-safe characters. */
export const generatePassword = () => crypto.randomBytes(15).toString('base64url');
