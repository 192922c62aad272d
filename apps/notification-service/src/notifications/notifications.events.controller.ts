import { Controller } from '@nestjs/common';
import {
  OnEvent,
  OrderCancelledEvent,
  OrderConfirmedEvent,
  OrderShippedEvent,
  PaymentCompletedEvent,
  PaymentFailedEvent,
  PaymentRefundedEvent,
  TOPICS,
} from '@app/events';
import { NotificationsService } from './notifications.service';

/** Each payment and order outcome of the saga becomes one email to the customer, once per order and kind. */
@Controller()
export class NotificationsEventsController {
  constructor(private readonly notifications: NotificationsService) {}

  @OnEvent(TOPICS.PAYMENT_COMPLETED)
  paymentCompleted(event: PaymentCompletedEvent) {
    return this.notifications.notify(TOPICS.PAYMENT_COMPLETED, event);
  }

  @OnEvent(TOPICS.PAYMENT_FAILED)
  paymentFailed(event: PaymentFailedEvent) {
    return this.notifications.notify(TOPICS.PAYMENT_FAILED, event);
  }

  @OnEvent(TOPICS.PAYMENT_REFUNDED)
  paymentRefunded(event: PaymentRefundedEvent) {
    return this.notifications.notify(TOPICS.PAYMENT_REFUNDED, event);
  }

  @OnEvent(TOPICS.ORDER_CONFIRMED)
  orderConfirmed(event: OrderConfirmedEvent) {
    return this.notifications.notify(TOPICS.ORDER_CONFIRMED, event);
  }

  @OnEvent(TOPICS.ORDER_SHIPPED)
  orderShipped(event: OrderShippedEvent) {
    return this.notifications.notify(TOPICS.ORDER_SHIPPED, event);
  }

  @OnEvent(TOPICS.ORDER_CANCELLED)
  orderCancelled(event: OrderCancelledEvent) {
    return this.notifications.notify(TOPICS.ORDER_CANCELLED, event);
  }
}
