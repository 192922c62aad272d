import { Body, Controller, Get, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type AuthUser, CurrentUser, JwtAuthGuard } from '@app/auth';
import { MongoIdPipe } from '@app/common';
import { ListOrdersQuery } from './dto/list-orders.query';
import { PlaceOrderDto } from './dto/place-order.dto';
import { IdempotencyKey } from './idempotency-key.decorator';
import { OrdersService } from './orders.service';

@ApiTags('orders')
@ApiBearerAuth()
@Controller('orders')
@UseGuards(JwtAuthGuard)
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

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
  async place(
    @CurrentUser() user: AuthUser,
    @Body() dto: PlaceOrderDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { order, replayed } = await this.orders.place(user, dto, idempotencyKey);
    if (replayed) reply.status(200).header('idempotent-replayed', 'true');
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
