import { Body, Controller, Get, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type AuthUser, CurrentUser, JwtAuthGuard } from '@app/auth';
import { ConfigService } from '@nestjs/config';
import { Admission, MongoIdPipe } from '@app/common';
import type { OrderEnv } from '../order.env';
import { ListOrdersQuery } from './dto/list-orders.query';
import { PlaceOrderDto } from './dto/place-order.dto';
import { IdempotencyKey } from './idempotency-key.decorator';
import { OrdersService } from './orders.service';
import { SagaBacklog } from './saga-backlog.service';

@ApiTags('orders')
@ApiBearerAuth()
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
    description: 'Too many orders being placed at once; retry after Retry-After seconds',
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
  @ApiOperation({ summary: "The caller's orders, newest first (admin: all); total in X-Total-Count" })
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListOrdersQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { orders, total } = await this.orders.list(user, query.page, query.limit);
    reply.header('x-total-count', String(total));
    return orders;
  }

  @Get(':id')
  @ApiOperation({ summary: 'One order, for its owner or an admin (404 for anyone else)' })
  get(@CurrentUser() user: AuthUser, @Param('id', MongoIdPipe) id: string) {
    return this.orders.get(user, id);
  }
}
