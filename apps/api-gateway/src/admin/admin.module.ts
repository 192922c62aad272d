import { Module } from '@nestjs/common';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { AdminKafka } from './admin-kafka';
import { ConsumerLagController } from './consumer-lag/consumer-lag.controller';
import { ConsumerLagService } from './consumer-lag/consumer-lag.service';
import { DeadLetterReader } from './dead-letters/dead-letter.reader';
import { DeadLettersController } from './dead-letters/dead-letters.controller';
import { DeadLettersService } from './dead-letters/dead-letters.service';

/** The admin APIs the gateway answers itself, for the operator console and `npm run dlq`: Kafka's side of things. */
@Module({
  imports: [RateLimitModule],
  controllers: [ConsumerLagController, DeadLettersController],
  providers: [AdminKafka, ConsumerLagService, DeadLetterReader, DeadLettersService],
})
export class AdminModule {}
