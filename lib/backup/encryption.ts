import crypto from 'node:crypto';
import fs from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BackupError } from './errors.js';

/**
 * Encrypted backup file layout (all of it streamed, so a backup of any size fits in little memory):
 *
 *   magic "LCBACKUP" (8) | version (1) | key id (8) | IV (12) | AES-256-GCM ciphertext | auth tag (16)
 *
 * The header is the GCM additional data, so changing any byte of it fails authentication too. The
 * key id (a truncated HMAC of the key) lets restore say "wrong key" instead of "damaged file"
 * without revealing anything about the key.
 */
const ENCRYPTED_BACKUP_MAGIC = Buffer.from('LCBACKUP', 'ascii');
const ENCRYPTION_VERSION = 1;
const KEY_ID_BYTES = 8;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = ENCRYPTED_BACKUP_MAGIC.length + 1 + KEY_ID_BYTES + IV_BYTES;

/** Whether a file's first bytes are those of an encrypted livechat backup. */
export const isEncryptedBackup = (firstBytes: Buffer) => firstBytes.subarray(0, ENCRYPTED_BACKUP_MAGIC.length).equals(ENCRYPTED_BACKUP_MAGIC);

/** The 32-byte key from config.secrets.backupKey, or a message that says how to set one. */
export function backupKeyFromConfig(hex: string | null, configFile: string, purpose: 'encrypt' | 'decrypt' = 'encrypt'): Buffer {
  if (!hex && purpose === 'decrypt') {
    throw new BackupError(`This backup is encrypted: restoring it needs the secrets.backupKey it was made with, in ${configFile} or LIVECHAT_BACKUP_KEY. Nothing was restored.`);
  }
  if (!hex) {
    throw new BackupError(
      `Encrypted backups need secrets.backupKey (64 hex characters) in ${configFile} or LIVECHAT_BACKUP_KEY. Make one with \`openssl rand -hex 32\` and keep a copy away from this server: without it an encrypted backup cannot be read.`,
    );
  }
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new BackupError('secrets.backupKey must be 64 hex characters (32 bytes).');
  return Buffer.from(hex, 'hex');
}

const keyId = (key: Buffer) => crypto.createHmac('sha256', key).update('livechat backup key id').digest().subarray(0, KEY_ID_BYTES);

/** A stream that encrypts what goes through it into the layout above. */
export function createEncryptStream(key: Buffer): Transform {
  const iv = crypto.randomBytes(IV_BYTES);
  const header = Buffer.concat([ENCRYPTED_BACKUP_MAGIC, Buffer.from([ENCRYPTION_VERSION]), keyId(key), iv]);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(header);
  let headerWritten = false;
  const writeHeaderOnce = (stream: Transform) => {
    if (!headerWritten) stream.push(header);
    headerWritten = true;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      writeHeaderOnce(this);
      callback(null, cipher.update(chunk));
    },
    flush(callback: TransformCallback) {
      writeHeaderOnce(this);
      this.push(cipher.final());
      callback(null, cipher.getAuthTag());
    },
  });
}

/**
 * A stream that decrypts the layout above. It holds back the last 16 bytes (the tag) and fails at
 * the end if authentication fails: callers must treat the output as untrusted until the stream
 * finishes without error (restore decrypts to a file first, then reads it).
 */
export function createDecryptStream(key: Buffer): Transform {
  let head = Buffer.alloc(0);
  let decipher: crypto.DecipherGCM | null = null;
  let tail = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        let data = chunk;
        if (!decipher) {
          head = Buffer.concat([head, chunk]);
          if (head.length < HEADER_BYTES) return callback();
          decipher = decipherFor(head.subarray(0, HEADER_BYTES), key);
          data = head.subarray(HEADER_BYTES);
        }
        const buffered = Buffer.concat([tail, data]);
        const cut = Math.max(0, buffered.length - TAG_BYTES);
        tail = buffered.subarray(cut);
        callback(null, cut > 0 ? decipher.update(buffered.subarray(0, cut)) : undefined);
      } catch (err) {
        callback(err as Error);
      }
    },
    flush(callback: TransformCallback) {
      if (!decipher || tail.length < TAG_BYTES) return callback(new BackupError('The encrypted backup is truncated: it ends before its authentication tag.'));
      try {
        decipher.setAuthTag(tail);
        callback(null, decipher.final());
      } catch {
        callback(new BackupError('The encrypted backup failed its integrity check: it was changed or truncated after it was written. Nothing was restored.'));
      }
    },
  });
}

function decipherFor(header: Buffer, key: Buffer): crypto.DecipherGCM {
  if (!isEncryptedBackup(header)) throw new BackupError('This is not an encrypted livechat backup (its first bytes are not the livechat backup header).');
  let at = ENCRYPTED_BACKUP_MAGIC.length;
  const version = header[at];
  at += 1;
  if (version !== ENCRYPTION_VERSION) throw new BackupError(`This backup was encrypted by a newer livechat (encryption format ${version}). Upgrade livechat, then restore.`);
  const id = header.subarray(at, at + KEY_ID_BYTES);
  at += KEY_ID_BYTES;
  if (!id.equals(keyId(key))) throw new BackupError('This backup was encrypted with a different key than this install\'s secrets.backupKey. Put the key it was made with in the configuration and try again.');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, header.subarray(at, at + IV_BYTES));
  decipher.setAAD(header);
  return decipher;
}

/** Encrypts a whole file (for jobs that encrypt an existing archive). */
export async function encryptFile(source: string, target: string, key: Buffer): Promise<void> {
  await pipeline(fs.createReadStream(source), createEncryptStream(key), fs.createWriteStream(target, { mode: 0o600 }));
}

/** Decrypts a whole file; the target is complete and authentic only if this resolves. */
export async function decryptFile(source: string, target: string, key: Buffer): Promise<void> {
  await pipeline(fs.createReadStream(source), createDecryptStream(key), fs.createWriteStream(target, { mode: 0o600 }));
}
