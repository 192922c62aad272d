import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NOTIFIED_TOPICS } from '../email-templates';
import type { NotifiedTopic } from '../email-templates';
import { NOTIFICATION_STATUSES } from '../notification.schema';
import type { NotificationStatus } from '../notification.schema';

/** One email of the log, without its body. */
export class NotificationViewDto {
  @ApiProperty({ example: '6660a1b2c3d4e5f6a7b8c9d0' })
  _id: string;

  @ApiProperty({ example: '665f1c2ab5d2a9c1e4f0a123' })
  orderId: string;

  @ApiProperty({ example: '665f1c2ab5d2a9c1e4f0a456' })
  userId: string;

  @ApiProperty({ enum: NOTIFIED_TOPICS, description: 'The event that caused the email', example: 'order-confirmed' })
  type: NotifiedTopic;

  @ApiProperty({ format: 'uuid', description: 'The eventId of that event' })
  eventId: string;

  @ApiProperty({ example: 'ada@example.com' })
  to: string;

  @ApiProperty({ example: 'Your order 665f1c2ab5d2a9c1e4f0a123 is confirmed' })
  subject: string;

  @ApiProperty({
    enum: NOTIFICATION_STATUSES,
    description:
      'SENT; SENDING while the send runs, or (if old) interrupted by a crash; UNCERTAIN: the transport failed after the email may have left. Neither is retried automatically.',
  })
  status: NotificationStatus;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'When the transport took the email' })
  sentAt?: Date;
}
