import { Module, OnModuleInit } from '@nestjs/common';
import { InjectModel, MongooseModule } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { AuthModule } from '@app/auth';
import { ensureIndexes } from '@app/common';
import { PricesModule } from '../prices/prices.module';
import { OrderJournal } from './order-journal.service';
import { OrderSagaService } from './order-saga.service';
import { OrderStep, OrderStepSchema } from './order-step.schema';
import { OrderStepsMigration } from './order-steps-migration';
import { Order, OrderSchema } from './order.schema';
import { OrdersController } from './orders.controller';
import { OrdersEventsController } from './orders.events.controller';
import { OrdersService } from './orders.service';
import { SagaBacklog } from './saga-backlog.service';
import { OrderStatsController } from './stats/order-stats.controller';
import { OrderStatsService } from './stats/order-stats.service';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Order.name, schema: OrderSchema },
      { name: OrderStep.name, schema: OrderStepSchema },
    ]),
    AuthModule,
    PricesModule,
  ],
  controllers: [OrderStatsController, OrdersController, OrdersEventsController],
  providers: [OrdersService, OrderSagaService, OrderJournal, OrderStepsMigration, SagaBacklog, OrderStatsService],
})
export class OrdersModule implements OnModuleInit {
  constructor(
    @InjectModel(Order.name) private readonly orders: Model<Order>,
    @InjectModel(OrderStep.name) private readonly steps: Model<OrderStep>,
  ) {}

  /** Idempotency keys rest on a unique index, and the relay's sweep on the outbox index: they exist before traffic. */
  async onModuleInit(): Promise<void> {
    await Promise.all([ensureIndexes(this.orders), ensureIndexes(this.steps)]);
  }
}
