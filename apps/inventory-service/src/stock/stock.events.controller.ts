import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS, parseEvent } from '@app/events';
import { StockService } from './stock.service';

@Controller()
export class StockEventsController {
  private readonly logger = new Logger(StockEventsController.name);

  constructor(private readonly stock: StockService) {}

  @EventPattern(TOPICS.PRODUCT_CREATED)
  async productCreated(@Payload() value: unknown): Promise<void> {
    const event = parseEvent(TOPICS.PRODUCT_CREATED, value);
    await this.stock.open(event);
    this.logger.log({
      message: 'stock record opened',
      topic: TOPICS.PRODUCT_CREATED,
      eventId: event.eventId,
      productId: event.productId,
    });
  }
}
