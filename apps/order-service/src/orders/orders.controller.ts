import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type AuthUser, CurrentUser, JwtAuthGuard, Role, Roles, RolesGuard } from '@app/auth';
import { ConfigService } from '@nestjs/config';
import { Admission, IdParam } from '@app/common';
import type { OrderEnv } from '../order.env';
import { ListOrdersQuery } from './dto/list-orders.query';
import { PlaceOrderDto } from './dto/place-order.dto';
import { IdempotencyKey } from './idempotency-key.decorator';
import { OrdersService } from './orders.service';
import { SagaBacklog } from './saga-backlog.service';

const TOTAL_COUNT = {
  'X-Total-Count': { description: 'Orders matching the filters, all pages', schema: { type: 'integer' } },
};

@ApiTags('orders')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token' })
@Controller('orders')
@UseGuards(JwtAuthGuard)
export class OrdersController {
  private readonly admission: Admission;

  constructor(
    private readonly orders: OrdersService,
    private readonly backlog: SagaBacklog,
    config: ConfigService<OrderEnv, true>,
  ) {
    const maxBacklog = config.get('ORDER_MAX_BACKLOG', { infer: true });
    this.admission = new Admission('place an order', {
      limit: config.get('ORDER_MAX_IN_FLIGHT', { infer: true }),
      backlogged: () => backlog.current() > maxBacklog,
    });
  }

  @Post()
  @ApiOperation({ summary: 'Place an order; it settles asynchronously (PENDING → PAID → CONFIRMED or CANCELLED)' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'The same key from the same user returns the first order',
  })
  @ApiCreatedResponse({ description: 'The order, PENDING' })
  @ApiOkResponse({ description: 'An earlier order placed with the same Idempotency-Key' })
  @ApiConflictResponse({ description: 'The Idempotency-Key was used for a different order' })
  @ApiServiceUnavailableResponse({
    description:
      'Too many orders being placed at once, or a product new to order-service that product-service did not price; retry after Retry-After seconds',
  })
  async place(
    @CurrentUser() user: AuthUser,
    @Body() dto: PlaceOrderDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { order, replayed } = await this.admission.run(() => this.orders.place(user, dto, idempotencyKey));
    if (replayed) reply.status(200).header('idempotent-replayed', 'true');
    else this.backlog.accepted();
    return order;
  }

  @Get()
  @ApiOperation({
    summary: "The caller's orders, newest first (admin: all, or one customer's); total in X-Total-Count",
    description: 'Filter by current `status` and by placement time (`from` inclusive, `to` exclusive).',
  })
  @ApiOkResponse({ description: 'The orders of this page', headers: TOTAL_COUNT })
  @ApiBadRequestResponse({ description: 'A malformed filter, or an unknown query parameter' })
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListOrdersQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { orders, total } = await this.orders.list(user, query);
    reply.header('x-total-count', String(total));
    return orders;
  }

  @Get(':id')
  @ApiOperation({ summary: 'One order, for its owner or an admin (404 for anyone else)' })
  @ApiOkResponse({ description: 'The order' })
  @ApiNotFoundResponse({ description: "No such order, or another customer's" })
  get(@CurrentUser() user: AuthUser, @IdParam('id') id: string) {
    return this.orders.get(user, id);
  }

  @Get(':id/timeline')
  @ApiOperation({
    summary: 'Every step of the order since it was placed, oldest first, with what each asked of the other services',
  })
  @ApiOkResponse({ description: '{orderId, status, steps}' })
  @ApiNotFoundResponse({ description: "No such order, or another customer's" })
  timeline(@CurrentUser() user: AuthUser, @IdParam('id') id: string) {
    return this.orders.timeline(user, id);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Cancel the order (its owner or an admin), until it ships',
    description:
      'A charge already made is refunded and reserved stock is released, asynchronously (see the timeline). Cancelling a cancelled order answers it again.',
  })
  @ApiOkResponse({ description: 'The order, CANCELLED' })
  @ApiNotFoundResponse({ description: "No such order, or another customer's" })
  @ApiConflictResponse({ description: 'The order has shipped' })
  cancel(@CurrentUser() user: AuthUser, @IdParam('id') id: string) {
    return this.orders.cancel(user, id);
  }

  @Post(':id/ship')
  @HttpCode(HttpStatus.OK)
  @UseGuards(RolesGuard)
  @Roles(Role.Admin)
  @ApiOperation({
    summary: 'Ship a CONFIRMED order (admin); the customer gets an email. Shipping twice answers it again',
  })
  @ApiOkResponse({ description: 'The order, SHIPPED' })
  @ApiNotFoundResponse({ description: 'No such order' })
  @ApiConflictResponse({ description: 'The order is not CONFIRMED (still in flight, or cancelled)' })
  ship(@CurrentUser() user: AuthUser, @IdParam('id') id: string) {
    return this.orders.ship(user, id);
  }
}
