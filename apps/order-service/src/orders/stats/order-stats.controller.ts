import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { JwtAuthGuard, Role, Roles, RolesGuard } from '@app/auth';
import { OrderStatsQuery } from './order-stats.query';
import { OrderStatsService } from './order-stats.service';

@ApiTags('orders')
@ApiBearerAuth()
@Controller('orders')
@UseGuards(JwtAuthGuard, RolesGuard)
@Roles(Role.Admin)
export class OrderStatsController {
  constructor(private readonly stats: OrderStatsService) {}

  @Get('stats')
  @ApiOperation({
    summary: 'Admin: orders placed over the last `minutes`, per slice of time, by the status each is in now',
    description:
      'At most the newest 5,000 orders of the window are counted (`truncated` says so); answers are reused for 10 s.',
  })
  @ApiOkResponse({
    description: '{from, to, bucketMinutes, buckets: [{from, counts: {PENDING, PAID, …}}], totals, truncated}',
  })
  @ApiBadRequestResponse({
    description: '`minutes` outside 5–1440, `buckets` outside 1–60, or an unknown query parameter',
  })
  @ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token' })
  @ApiForbiddenResponse({ description: 'Not an admin' })
  get(@Query() query: OrderStatsQuery) {
    return this.stats.stats(query);
  }
}
