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
import { ListNotificationsQueryDto } from './dto/list-notifications.query.dto';
import { NotificationViewDto } from './dto/notification-view.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({
    summary: "The emails sent to the caller, newest first (an admin sees everyone's); at most 100",
    description: "With `orderId`, only that order's; empty when the order is another customer's.",
  })
  @ApiOkResponse({ type: [NotificationViewDto] })
  @ApiBadRequestResponse({ description: 'Malformed orderId, or an unknown query parameter' })
  @ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token' })
  list(@CurrentUser() user: AuthUser, @Query() query: ListNotificationsQueryDto): Promise<NotificationViewDto[]> {
    return this.notifications.list(user, query.orderId);
  }
}
