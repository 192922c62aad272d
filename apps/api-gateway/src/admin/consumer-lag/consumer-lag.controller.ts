import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import { AdminApi } from '../admin-api.decorator';
import { ConsumerLagService } from './consumer-lag.service';

@AdminApi()
@Controller('api/admin/consumer-lag')
export class ConsumerLagController {
  constructor(private readonly lag: ConsumerLagService) {}

  @Get()
  @ApiOperation({
    summary:
      "Admin: each service's consumer group, how many messages it has not processed yet, per topic and partition",
  })
  @ApiOkResponse({
    description: '{measuredAt, groups: [{group, lag, partitions: [{topic, partition, committed, end, lag}]}]}',
  })
  @ApiServiceUnavailableResponse({ description: 'Kafka is unreachable' })
  get() {
    return this.lag.lag();
  }
}
