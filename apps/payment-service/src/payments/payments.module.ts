import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { AuthModule } from '@app/auth';
import { PaymentEnv } from '../payment.env';
import { PaymentProcessor } from '../processor/payment-processor';
import { SimulatedPaymentProcessor } from '../processor/simulated-payment.processor';
import { Payment, PaymentSchema } from './payment.schema';
import { PaymentsController } from './payments.controller';
import { PaymentsEventsController } from './payments.events.controller';
import { PaymentsService } from './payments.service';
import { Refund, RefundSchema } from './refund.schema';
import { RefundsService } from './refunds.service';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Payment.name, schema: PaymentSchema },
      { name: Refund.name, schema: RefundSchema },
    ]),
    AuthModule,
  ],
  controllers: [PaymentsController, PaymentsEventsController],
  providers: [
    PaymentsService,
    RefundsService,
    {
      // The one line to change for a real processor.
      provide: PaymentProcessor,
      inject: [ConfigService],
      useFactory: (config: ConfigService<PaymentEnv, true>) =>
        new SimulatedPaymentProcessor(config.get('PAYMENT_DECLINE_OVER', { infer: true })),
    },
  ],
})
export class PaymentsModule {}
