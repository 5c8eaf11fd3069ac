import type { Command } from 'commander';

/** `livechat visitor export|erase`: a visitor's data protection requests, from the machine. */
export function register(program: Command): void {
  const visitor = program.command('visitor').description("a visitor's data protection requests (GDPR): export, erase");
  visitor
    .command('export <visitorId> <file>')
    .description('write everything held about a visitor to a ZIP file (JSON documents and their files)')
    .action(async (ref: string, file: string, _flags: object, cmd: Command) => {
      const fs = await import('node:fs/promises');
      const { contextFor, withDatabase, UserError } = await import('../context.js');
      const { cliUnitOfWork } = await import('../unitOfWork.js');
      const { visitorZip } = await import('../../exports/visitorZip.js');
      const { recordAudit } = await import('../../domain/audit/recordAudit.js');
      const ctx = contextFor(cmd);
      const id = Number(ref);
      if (!Number.isInteger(id) || id <= 0) throw new UserError(`"${ref}" is not a visitor id (a positive whole number).`);
      const result = await withDatabase(ctx, async (db) => {
        const found = await db.models.Visitor.findByPk(id);
        if (!found) throw new UserError(`No visitor has the id ${id}.`);
        const zip = await visitorZip(db.models, ctx.config.dataDir, found);
        await fs.writeFile(file, zip.bytes, { mode: 0o600, flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
          throw new UserError(err.code === 'EEXIST' ? `${file} exists already: choose another file name.` : `Cannot write ${file}: ${err.message}`);
        });
        await cliUnitOfWork(ctx, db, (dctx) => recordAudit(dctx, { action: 'visitor.exported', targetType: 'visitor', targetId: id, clientId: found.client_id, details: { files: zip.files } }));
        return { bytes: zip.bytes.length, files: zip.files };
      });
      ctx.out.result({ visitorId: id, file, ...result }, () => ctx.out.line(`Wrote ${file}: visitor ${id}, ${result.files} file(s), ${result.bytes} bytes.`));
    });
  visitor
    .command('erase <visitorId>')
    .description("erase a visitor's personal data: name, contact, pages, the text of their chats and their files (reports keep their figures)")
    .option('--yes', 'confirm: this cannot be undone')
    .action(async (ref: string, flags: { yes?: boolean }, cmd: Command) => {
      const { contextFor, withDatabase, UserError } = await import('../context.js');
      const { cliUnitOfWork } = await import('../unitOfWork.js');
      const { eraseVisitor } = await import('../../domain/visitors/eraseVisitor.js');
      const { chatFileStorage, thumbnailPathOf } = await import('../../files/chatFileStorage.js');
      const ctx = contextFor(cmd);
      const id = Number(ref);
      if (!Number.isInteger(id) || id <= 0) throw new UserError(`"${ref}" is not a visitor id (a positive whole number).`);
      if (!flags.yes) throw new UserError(`Erasing visitor ${id} cannot be undone: run it again with --yes.`);
      const result = await withDatabase(ctx, async (db) => {
        const found = await db.models.Visitor.findByPk(id);
        if (!found) throw new UserError(`No visitor has the id ${id}.`);
        return cliUnitOfWork(ctx, db, (dctx) => eraseVisitor(dctx, found));
      });
      // Once the erasure has committed: a failure before leaves the files with their rows.
      await chatFileStorage(ctx.config.dataDir).remove(result.files.flatMap((f) => [f, thumbnailPathOf(f)]));
      ctx.out.result({ visitorId: id, chats: result.chats, files: result.files.length }, () =>
        ctx.out.line(`Erased visitor ${id}: ${result.chats} chat(s) anonymised, ${result.files.length} file(s) deleted.`),
      );
    });
}
