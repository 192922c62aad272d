import { Logger } from '@nestjs/common';
import { Model, Types } from 'mongoose';
import { Role } from '@app/auth';
import { TOPICS } from '@app/events';
import { FakeModel, orderConfirmedEvent, orderRef, paymentCompletedEvent } from '@app/testing';
import { NotificationErrorCode, NotificationServiceError } from '../errors/notification-service.error';
import { MailTransport, OutgoingMail } from '../mail/mail-transport';
import { Notification } from './notification.schema';
import { NotificationsService, STUCK_AFTER_MS } from './notifications.service';

function newTestService() {
  const sent: OutgoingMail[] = [];
  const mocks = {
    log: new FakeModel([['orderId', 'type']]),
    transport: {
      describe: () => 'memory',
      send: jest.fn(async (mail: OutgoingMail) => {
        sent.push(mail);
        return { messageId: `<${sent.length}@test>`, destination: 'memory' };
      }),
    },
  };
  const sut = new NotificationsService(
    mocks.log as unknown as Model<Notification>,
    mocks.transport as unknown as MailTransport,
  );
  return { sut, mocks, sent };
}

const failure = (code: NotificationErrorCode) => new NotificationServiceError(code, 'test');
const customer = (userId: string) => ({ userId, email: `${userId}@example.com`, role: Role.Customer });

describe(NotificationsService.name, () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation();
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation();
  });
  afterEach(() => jest.restoreAllMocks());

  it('emails the customer and logs who got what, when', async () => {
    const { sut, mocks, sent } = newTestService();
    const ref = orderRef();
    const event = orderConfirmedEvent(ref);

    const entry = await sut.notify(TOPICS.ORDER_CONFIRMED, event);

    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: ref.userEmail, subject: `Your order ${ref.orderId} is confirmed` });
    expect(sent[0].headers).toEqual({ 'X-CommerceX-Order-Id': ref.orderId, 'X-CommerceX-Event-Id': event.eventId });
    expect(mocks.log.docs).toHaveLength(1);
    expect(mocks.log.docs[0]).toMatchObject({
      orderId: ref.orderId,
      userId: ref.userId,
      type: TOPICS.ORDER_CONFIRMED,
      eventId: event.eventId,
      to: ref.userEmail,
      subject: sent[0].subject,
      status: 'SENT',
      messageId: '<1@test>',
    });
    expect(entry).toMatchObject({ status: 'SENT', sentAt: expect.any(Date) });
    expect(sent[0].reference).toBe(`${ref.orderId}.order-confirmed.${entry!._id}`);
  });

  it('never emails twice for one order and type: not for a redelivery, not for a repeat with a new eventId', async () => {
    const { sut, mocks, sent } = newTestService();
    const ref = orderRef();
    const event = orderConfirmedEvent(ref);

    await sut.notify(TOPICS.ORDER_CONFIRMED, event);
    const redelivered = await sut.notify(TOPICS.ORDER_CONFIRMED, event);
    const repeated = await sut.notify(TOPICS.ORDER_CONFIRMED, orderConfirmedEvent(ref));

    expect([redelivered, repeated]).toEqual([null, null]);
    expect(sent).toHaveLength(1);
    expect(mocks.log.docs).toHaveLength(1);
  });

  it('sends one email per event type of an order', async () => {
    const { sut, sent } = newTestService();
    const ref = orderRef();

    await sut.notify(TOPICS.PAYMENT_COMPLETED, paymentCompletedEvent(ref));
    await sut.notify(TOPICS.ORDER_CONFIRMED, orderConfirmedEvent(ref));

    expect(sent.map((m) => m.subject)).toEqual([
      `Payment received for order ${ref.orderId}`,
      `Your order ${ref.orderId} is confirmed`,
    ]);
  });

  it('sends exactly one email when the same event is handled by several consumers at once', async () => {
    const { sut, sent } = newTestService();
    const event = orderConfirmedEvent(orderRef());

    await Promise.all(Array.from({ length: 8 }, () => sut.notify(TOPICS.ORDER_CONFIRMED, event)));

    expect(sent).toHaveLength(1);
  });

  it('gives the claim back when the email certainly did not leave, so the retry sends it once', async () => {
    const { sut, mocks, sent } = newTestService();
    const event = orderConfirmedEvent(orderRef());
    mocks.transport.send.mockRejectedValueOnce(failure(NotificationErrorCode.MailNotSent));

    await expect(sut.notify(TOPICS.ORDER_CONFIRMED, event)).rejects.toThrow(NotificationServiceError);
    expect(mocks.log.docs).toHaveLength(0);

    await sut.notify(TOPICS.ORDER_CONFIRMED, event);
    expect(sent).toHaveLength(1);
    expect(mocks.log.docs[0].status).toBe('SENT');
  });

  it('keeps the claim as UNCERTAIN when the email may have left, and does not send it again', async () => {
    const { sut, mocks } = newTestService();
    const event = orderConfirmedEvent(orderRef());
    mocks.transport.send.mockRejectedValueOnce(failure(NotificationErrorCode.MailDeliveryUnknown));

    await expect(sut.notify(TOPICS.ORDER_CONFIRMED, event)).rejects.toThrow(NotificationServiceError);
    const retried = await sut.notify(TOPICS.ORDER_CONFIRMED, event);

    expect(retried).toBeNull();
    expect(mocks.transport.send).toHaveBeenCalledTimes(1);
    expect(mocks.log.docs[0]).toMatchObject({ status: 'UNCERTAIN', error: expect.stringContaining('may or may not') });
  });

  it('after a crash between sending and recording, does not send again, and reports the stuck email at start-up', async () => {
    const { sut, mocks } = newTestService();
    const event = orderConfirmedEvent(orderRef());
    jest.spyOn(mocks.log, 'updateOne').mockImplementationOnce(() => {
      throw new Error('process killed');
    });

    await expect(sut.notify(TOPICS.ORDER_CONFIRMED, event)).rejects.toThrow('process killed');
    await sut.notify(TOPICS.ORDER_CONFIRMED, event);
    expect(mocks.transport.send).toHaveBeenCalledTimes(1);
    expect(mocks.log.docs[0].status).toBe('SENDING');

    await sut.onApplicationBootstrap();
    expect(warn).not.toHaveBeenCalled();
    mocks.log.docs[0].createdAt = new Date(Date.now() - STUCK_AFTER_MS - 1000);
    await sut.onApplicationBootstrap();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^1 email\(s\) in status SENDING or UNCERTAIN/));
  });

  it("lists a customer's own notifications only; another customer's order is an empty list; an admin sees all", async () => {
    const { sut } = newTestService();
    const ada = orderRef();
    const bob = orderRef();
    await sut.notify(TOPICS.ORDER_CONFIRMED, orderConfirmedEvent(ada));
    await sut.notify(TOPICS.PAYMENT_COMPLETED, paymentCompletedEvent(ada));
    await sut.notify(TOPICS.ORDER_CONFIRMED, orderConfirmedEvent(bob));
    const admin = { userId: new Types.ObjectId().toHexString(), email: 'root@example.com', role: Role.Admin };

    const own = await sut.list(customer(ada.userId));
    expect(own.map((n) => n.type).sort()).toEqual([TOPICS.ORDER_CONFIRMED, TOPICS.PAYMENT_COMPLETED]);
    expect(await sut.list(customer(ada.userId), bob.orderId)).toEqual([]);
    expect(await sut.list(admin, bob.orderId)).toHaveLength(1);
    expect(await sut.list(admin)).toHaveLength(3);
    expect(Object.keys(own[0]).sort()).toEqual(
      ['_id', 'createdAt', 'eventId', 'orderId', 'sentAt', 'status', 'subject', 'to', 'type', 'userId'].sort(),
    );
  });
});
