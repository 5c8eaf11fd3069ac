import type { Command } from 'commander';

interface MailTestFlags {
  to: string;
}

/** `livechat mail test --to ADDR`: sends one message through smtp.url, so a sysadmin knows mail works before a visitor relies on it. */
export function register(program: Command): void {
  const mail = program.command('mail').description('e-mail: check that livechat can send (smtp.url)');
  mail
    .command('test')
    .description('send a test message through the configured SMTP server (smtp.url)')
    .requiredOption('--to <address>', 'who gets the test message')
    .action(async (flags: MailTestFlags, cmd: Command) => {
      const { contextFor, UserError } = await import('../context.js');
      const { email } = await import('../../domain/schemas.js');
      const { createSmtpTransport } = await import('../../mail/transport.js');
      const { testMessageMail } = await import('../../mail/emails/testMessage.js');
      const { redactUrl } = await import('../../redactUrl.js');
      const ctx = contextFor(cmd);
      const to = email.safeParse(flags.to);
      if (!to.success) throw new UserError(`--to "${flags.to}" is not an e-mail address: give one such as --to you@example.com.`);
      const transport = createSmtpTransport(ctx.config);
      if (!transport) {
        throw new UserError(`No SMTP server is configured, so livechat sends no e-mail. Set smtp.url in ${ctx.config.dataDir}/livechat.json (or LIVECHAT_SMTP_URL), e.g. "smtp://user:password@mail.example.com:587", then run this again.`);
      }
      const server = redactUrl(ctx.config.smtp.url!);
      ctx.out.progress(`Sending a test message to ${to.data} through ${server}...`);
      try {
        await transport.send(testMessageMail(to.data, ctx.config.publicUrl, new Date()));
      } catch (err) {
        throw new UserError(`${server} did not take the test message: ${(err as Error).message}. Check smtp.url (host, port, user, password; smtps:// for implicit TLS) and smtp.from (${ctx.config.smtp.from}), or run \`livechat doctor\`.`);
      } finally {
        transport.close();
      }
      ctx.out.result({ sent: true, to: to.data, server }, () => ctx.out.line(`Test message sent to ${to.data} through ${server}. If it does not arrive, look in the spam folder and at the mail server's log.`));
    });
}
