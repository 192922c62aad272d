import { PermanentEventError } from '@app/events';
import { toEventError } from './payment-event-error';
import { PaymentErrorCode, PaymentServiceError } from './payment-service.error';

describe(toEventError.name, () => {
  it('makes every rule failure permanent, with its code in the dead-letter reason', () => {
    for (const code of Object.values(PaymentErrorCode)) {
      const mapped = toEventError(new PaymentServiceError(code, 'order 1'));
      expect(mapped).toBeInstanceOf(PermanentEventError);
      expect((mapped as Error).message).toMatch(new RegExp(`^${code}: .*\\(order 1\\)$`));
    }
  });

  it('passes faults through untouched, for EventConsumer to retry', () => {
    const fault = new Error('connection reset');
    expect(toEventError(fault)).toBe(fault);
  });
});
