import { bootstrapService } from '@app/common';
import { AppModule } from './app.module';

void bootstrapService('inventory-service', AppModule);
