import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { DeadLetterTopicParams } from './dead-letter-topic.params';

/** Where a dead letter is: its `.dlq` topic, partition and offset, as `GET /api/admin/dead-letters` lists them. */
export class LetterAddressParams extends DeadLetterTopicParams {
  @ApiProperty({ minimum: 0, maximum: 999 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(999)
  partition: number;

  @ApiProperty({ pattern: '^[0-9]{1,19}$', example: '42' })
  @Matches(/^[0-9]{1,19}$/, { message: 'offset must be a whole number' })
  offset: string;
}
