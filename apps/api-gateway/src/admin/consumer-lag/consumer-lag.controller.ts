import { Controller, Get, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { JwtAuthGuard, Role, Roles, RolesGuard } from '@app/auth';
import { ClientThrottlerGuard } from '../../rate-limit/client-throttler.guard';
import { ConsumerLagService } from './consumer-lag.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/admin/consumer-lag')
@UseGuards(ClientThrottlerGuard, JwtAuthGuard, RolesGuard)
@Roles(Role.Admin)
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
  @ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token' })
  @ApiForbiddenResponse({ description: 'Not an admin' })
  @ApiTooManyRequestsResponse({ description: 'Rate limited (not an admin); retry after Retry-After seconds' })
  @ApiServiceUnavailableResponse({ description: 'Kafka is unreachable' })
  get() {
    return this.lag.lag();
  }
}
