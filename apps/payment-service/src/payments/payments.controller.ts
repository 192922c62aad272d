import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AuthUser } from '@app/auth';
import { CurrentUser, JwtAuthGuard } from '@app/auth';
import { ListPaymentsQueryDto } from './dto/list-payments.query.dto';
import { PaymentViewDto } from './dto/payment-view.dto';
import { PaymentsService } from './payments.service';

/** Read-only: payments are made by the order saga, never through HTTP. */
@ApiTags('payments')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Get()
  @ApiOperation({
    summary: "The caller's payments, newest first (an admin sees everyone's); at most 100",
    description:
      "With `orderId`, only that order's payment: a list of one, or empty when there is none yet or the order is another customer's.",
  })
  @ApiOkResponse({ type: [PaymentViewDto] })
  @ApiBadRequestResponse({ description: 'Malformed orderId, or an unknown query parameter' })
  @ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token' })
  list(@CurrentUser() user: AuthUser, @Query() query: ListPaymentsQueryDto): Promise<PaymentViewDto[]> {
    return this.payments.list(user, query.orderId);
  }
}
