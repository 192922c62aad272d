import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuthModule } from '@app/auth';
import { MailModule } from '../mail/mail.module';
import { Notification, NotificationSchema } from './notification.schema';
import { NotificationsController } from './notifications.controller';
import { NotificationsEventsController } from './notifications.events.controller';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [
    MongooseModule.forFeature([{ name: Notification.name, schema: NotificationSchema }]),
    AuthModule,
    MailModule,
  ],
  controllers: [NotificationsController, NotificationsEventsController],
  providers: [NotificationsService],
})
export class NotificationsModule {}
