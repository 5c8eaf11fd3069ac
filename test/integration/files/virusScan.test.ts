import { expect } from 'chai';
import net from 'node:net';
import { describeEachDialect } from '../../helpers/databases.js';
import { fileScene, type FileScene } from '../../fixtures/files/scene.js';
import * as samples from '../../fixtures/files/samples.js';

// The anti-virus industry's harmless test signature, split so this source file is not itself flagged.
const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$' + 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

/**
 * A stand-in for clamd (which cannot run here), speaking its INSTREAM protocol over TCP: the
 * command, length-prefixed chunks up to a zero length, then one verdict. It flags the EICAR string.
 */
function fakeClamd() {
  const received: Buffer[] = [];
  const server = net.createServer((socket) => {
    let buffer = Buffer.alloc(0);
    let commandRead = false;
    const chunks: Buffer[] = [];
    socket.on('data', (data) => {
      buffer = Buffer.concat([buffer, data]);
      if (!commandRead) {
        const end = buffer.indexOf(0);
        if (end < 0) return;
        if (buffer.subarray(0, end).toString() !== 'zINSTREAM') return void socket.end('UNKNOWN COMMAND\0');
        commandRead = true;
        buffer = buffer.subarray(end + 1);
      }
      while (buffer.length >= 4) {
        const size = buffer.readUInt32BE(0);
        if (size === 0) {
          const stream = Buffer.concat(chunks);
          received.push(stream);
          socket.end(stream.includes(EICAR) ? 'stream: Eicar-Test-Signature FOUND\0' : 'stream: OK\0');
          return;
        }
        if (buffer.length < 4 + size) return;
        chunks.push(buffer.subarray(4, 4 + size));
        buffer = buffer.subarray(4 + size);
      }
    });
  });
  return {
    received,
    listen: () => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describeEachDialect('virus scan of chat uploads through clamd', (dialect) => {
  let scene: FileScene;
  const clamd = fakeClamd();
  before(async () => {
    const port = await clamd.listen();
    scene = await fileScene(dialect, { files: { clamdSocket: `tcp://127.0.0.1:${port}`, uploadsPerMinute: 100 } });
  });
  after(async () => {
    await clamd.close().catch(() => {});
    await scene.close();
  });

  it('stores a clean file after clamd saw all of its bytes', async () => {
    const { token, chatId } = await scene.visitorChat();
    const bytes = await samples.jpeg(2000, 1500);
    const res = await scene.visitorUpload(token, chatId, bytes, 'clean.jpg');
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(clamd.received.at(-1)!.equals(bytes)).to.equal(true);
  });

  it('refuses a file clamd finds infected, naming the signature, and stores nothing', async () => {
    const { token, chatId } = await scene.visitorChat();
    const before = scene.storedFiles();
    const infected = Buffer.concat([samples.pdf(), Buffer.from(`%${EICAR}\n`)]);
    const res = await scene.visitorUpload(token, chatId, infected, 'invoice.pdf');
    expect(res.status).to.equal(422);
    expect(res.body.error).to.deep.include({ code: 'file_infected', message: 'This file was refused: the virus scanner found Eicar-Test-Signature.' });
    expect(clamd.received.at(-1)!.equals(infected)).to.equal(true);
    expect(scene.storedFiles()).to.deep.equal(before);
    expect(await scene.fileMessages(chatId)).to.have.length(0);
  });

  it('refuses rather than store unscanned when clamd cannot be reached', async () => {
    const { token, chatId } = await scene.visitorChat();
    await clamd.close();
    const before = scene.storedFiles();
    const res = await scene.visitorUpload(token, chatId, samples.pdf(), 'later.pdf');
    expect(res.status).to.equal(503);
    expect(res.body.error.code).to.equal('scan_unavailable');
    expect(res.body.error.message).to.include('ECONNREFUSED');
    expect(scene.storedFiles()).to.deep.equal(before);
    expect(await scene.fileMessages(chatId)).to.have.length(0);
  });
});
