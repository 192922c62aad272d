import { NotificationErrorCode, NotificationServiceError } from '../errors/notification-service.error';
import { FakeSmtpServer, SmtpBehaviour } from '../testing/fake-smtp-server';
import { SmtpMailTransport } from './smtp-mail.transport';

const MAIL = {
  to: 'ada@example.com',
  subject: 'Your order is confirmed',
  text: 'Hello Ada',
  reference: 'order-1.order-confirmed.n1',
  headers: { 'X-CommerceX-Order-Id': 'order-1' },
};

async function codeOf(promise: Promise<unknown>): Promise<NotificationErrorCode | 'sent'> {
  try {
    await promise;
    return 'sent';
  } catch (error) {
    expect(error).toBeInstanceOf(NotificationServiceError);
    return (error as NotificationServiceError).code;
  }
}

describe(SmtpMailTransport.name, () => {
  let server: FakeSmtpServer | undefined;
  let sut: SmtpMailTransport | undefined;

  async function transportTo(behaviour: SmtpBehaviour) {
    server = new FakeSmtpServer(behaviour);
    sut = new SmtpMailTransport(await server.listen(), 'CommerceX <no-reply@commercex.local>');
    return { sut, server };
  }

  afterEach(async () => {
    sut?.onApplicationShutdown();
    await server?.close();
    server = sut = undefined;
  });

  it('sends the message with its subject, body and tracing headers', async () => {
    const { sut, server } = await transportTo('accept');

    const sent = await sut.send(MAIL);

    expect(sent.destination).toMatch(/^250 /);
    expect(server.messages).toHaveLength(1);
    expect(server.messages[0]).toMatch(/^Subject: Your order is confirmed$/m);
    expect(server.messages[0]).toMatch(/^X-CommerceX-Order-Id: order-1$/im);
    expect(server.messages[0]).toMatch(/^X-CommerceX-Reference: order-1\.order-confirmed\.n1$/im);
    expect(server.messages[0]).toContain('Hello Ada');
  });

  it('reports a refused recipient as not sent: safe to retry', async () => {
    const { sut } = await transportTo('reject-recipient');

    expect(await codeOf(sut.send(MAIL))).toBe(NotificationErrorCode.MailNotSent);
  });

  it('reports a server that cannot be reached as not sent', async () => {
    const { sut, server } = await transportTo('accept');
    await server.close();

    expect(await codeOf(sut.send(MAIL))).toBe(NotificationErrorCode.MailNotSent);
  });

  it('reports a connection lost after the whole message went out as unknown: not to be retried', async () => {
    const { sut, server } = await transportTo('hang-up-after-data');

    expect(await codeOf(sut.send(MAIL))).toBe(NotificationErrorCode.MailDeliveryUnknown);
    expect(server.messages).toHaveLength(1);
  });
});
