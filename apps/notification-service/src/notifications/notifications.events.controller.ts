import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EventConsumer, TOPICS } from '@app/events';
import { toEventError } from '../errors/notification-event-error';
import { NotifiedTopic } from './email-templates';
import { NotificationsService } from './notifications.service';

/** Each payment and order outcome of the saga becomes one email to the customer. */
@Controller()
export class NotificationsEventsController {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly notifications: NotificationsService,
  ) {}

  @EventPattern(TOPICS.PAYMENT_COMPLETED)
  paymentCompleted(@Payload() value: unknown, @Ctx() context: unknown) {
    return this.notify(TOPICS.PAYMENT_COMPLETED, value, context);
  }

  @EventPattern(TOPICS.PAYMENT_FAILED)
  paymentFailed(@Payload() value: unknown, @Ctx() context: unknown) {
    return this.notify(TOPICS.PAYMENT_FAILED, value, context);
  }

  @EventPattern(TOPICS.PAYMENT_REFUNDED)
  paymentRefunded(@Payload() value: unknown, @Ctx() context: unknown) {
    return this.notify(TOPICS.PAYMENT_REFUNDED, value, context);
  }

  @EventPattern(TOPICS.ORDER_CONFIRMED)
  orderConfirmed(@Payload() value: unknown, @Ctx() context: unknown) {
    return this.notify(TOPICS.ORDER_CONFIRMED, value, context);
  }

  @EventPattern(TOPICS.ORDER_CANCELLED)
  orderCancelled(@Payload() value: unknown, @Ctx() context: unknown) {
    return this.notify(TOPICS.ORDER_CANCELLED, value, context);
  }

  private notify(topic: NotifiedTopic, value: unknown, context: unknown) {
    return this.consumer.consume(topic, value, context, (event) =>
      this.notifications.notify(topic, event).catch((error: unknown) => {
        throw toEventError(error);
      }),
    );
  }
}
