import { PermanentEventError } from '@app/events';
import { toEventError } from './notification-event-error';
import { NotificationErrorCode, NotificationServiceError } from './notification-service.error';

describe(toEventError.name, () => {
  it('leaves "not sent" as a passing fault, for EventConsumer to retry with backoff', () => {
    const error = new NotificationServiceError(NotificationErrorCode.MailNotSent, 'connection refused');

    expect(toEventError(error)).toBe(error);
  });

  it('dead-letters "may have been sent" at once, with its code as the reason', () => {
    const mapped = toEventError(
      new NotificationServiceError(NotificationErrorCode.MailDeliveryUnknown, 'socket closed'),
    );

    expect(mapped).toBeInstanceOf(PermanentEventError);
    expect((mapped as Error).message).toBe(
      'MAIL_DELIVERY_UNKNOWN: The email may or may not have been sent: socket closed',
    );
  });

  it('passes any other error through', () => {
    const fault = new Error('db down');
    expect(toEventError(fault)).toBe(fault);
  });
});
