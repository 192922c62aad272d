import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';

export class DeadLetterTopicParams {
  @ApiProperty({ example: 'payment-completed.dlq', description: 'A dead-letter topic: `<topic>.dlq`' })
  @IsString()
  topic: string;
}
