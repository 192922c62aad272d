import { Module } from '@nestjs/common';
import { MetricsModule, ServiceConfigModule } from '@app/common';
import { EventsModule } from '@app/events';
import { HealthModule } from '@app/health';
import { NotificationEnv } from './notification.env';
import { NotificationsModule } from './notifications/notifications.module';

/**
 * Tells customers how their order went: one email per payment and order
 * outcome of the saga (over SMTP, or as .eml files locally), and the log of
 * what was sent.
 */
@Module({
  imports: [
    ServiceConfigModule.forService('notification-service', { env: NotificationEnv }),
    MetricsModule,
    EventsModule.forService('notification-service', { consumer: true }),
    HealthModule.forService('notification-service'),
    NotificationsModule,
  ],
})
export class AppModule {}
