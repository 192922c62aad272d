import { Global, Module } from '@nestjs/common';
import { RetentionJob } from './retention-job';

/**
 * The RetentionJob of a service with a database (ServiceConfigModule imports
 * it). Global, so that whichever module owns a collection registers its rule.
 */
@Global()
@Module({ providers: [RetentionJob], exports: [RetentionJob] })
export class RetentionModule {}
