import { Controller } from '@nestjs/common';
import {
  InventoryFailedEvent,
  InventoryReservedEvent,
  OnEvent,
  PaymentCompletedEvent,
  PaymentFailedEvent,
  PaymentRefundedEvent,
  TOPICS,
} from '@app/events';
import { OrderSagaService } from './order-saga.service';

/** What payment and inventory report about an order, handed to the order process. */
@Controller()
export class OrdersEventsController {
  constructor(private readonly saga: OrderSagaService) {}

  @OnEvent(TOPICS.PAYMENT_COMPLETED)
  async paymentCompleted(event: PaymentCompletedEvent) {
    await this.saga.apply(event.orderId, { on: 'payment-completed', event });
  }

  @OnEvent(TOPICS.PAYMENT_FAILED)
  async paymentFailed(event: PaymentFailedEvent) {
    await this.saga.apply(event.orderId, { on: 'payment-failed', event });
  }

  @OnEvent(TOPICS.INVENTORY_RESERVED)
  async inventoryReserved(event: InventoryReservedEvent) {
    await this.saga.apply(event.orderId, { on: 'inventory-reserved', event });
  }

  @OnEvent(TOPICS.INVENTORY_FAILED)
  async inventoryFailed(event: InventoryFailedEvent) {
    await this.saga.apply(event.orderId, { on: 'inventory-failed', event });
  }

  @OnEvent(TOPICS.PAYMENT_REFUNDED)
  async paymentRefunded(event: PaymentRefundedEvent) {
    await this.saga.apply(event.orderId, { on: 'payment-refunded', event });
  }
}
