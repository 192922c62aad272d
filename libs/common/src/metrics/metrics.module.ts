import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';

/** Prometheus text at /metrics. */
@Module({ controllers: [MetricsController] })
export class MetricsModule {}
