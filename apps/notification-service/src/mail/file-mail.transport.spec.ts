import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotificationErrorCode, NotificationServiceError } from '../errors/notification-service.error';
import { FileMailTransport } from './file-mail.transport';

const MAIL = {
  to: 'ada@example.com',
  subject: 'Payment received',
  text: 'We received 59.97.',
  reference: 'order-1.payment-completed.n1',
  headers: { 'X-CommerceX-Order-Id': 'order-1' },
};

describe(FileMailTransport.name, () => {
  let root: string;
  beforeEach(async () => (root = await mkdtemp(join(tmpdir(), 'mail-'))));
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('writes one complete .eml per email, named by its reference, creating the folder', async () => {
    const dir = join(root, 'nested/mail');
    const sut = new FileMailTransport(dir, 'CommerceX <no-reply@commercex.local>');

    const sent = await sut.send(MAIL);

    expect(sent.destination).toBe(join(dir, 'order-1.payment-completed.n1.eml'));
    expect(await readdir(dir)).toEqual(['order-1.payment-completed.n1.eml']);
    const eml = await readFile(sent.destination, 'utf8');
    expect(eml).toMatch(/^From: CommerceX <no-reply@commercex\.local>$/m);
    expect(eml).toMatch(/^To: ada@example\.com$/m);
    expect(eml).toMatch(/^Subject: Payment received$/m);
    expect(eml).toMatch(/^X-CommerceX-Order-Id: order-1$/im);
    expect(eml).toMatch(/^Message-ID: <.+>$/m);
    expect(eml).toContain('We received 59.97.');
    expect(sent.messageId).toMatch(/^<.+>$/);
  });

  it('reports a folder it cannot write as not sent, and leaves no .eml behind', async () => {
    const blocker = join(root, 'not-a-dir');
    await writeFile(blocker, 'a file where the folder should be');
    const sut = new FileMailTransport(blocker, 'CommerceX <no-reply@commercex.local>');

    const error = await sut.send(MAIL).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NotificationServiceError);
    expect((error as NotificationServiceError).code).toBe(NotificationErrorCode.MailNotSent);
  });
});
