import { Module } from '@nestjs/common';
import { Upstreams } from './upstreams';

@Module({ providers: [Upstreams], exports: [Upstreams] })
export class UpstreamsModule {}
