import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
} from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '@app/auth';
import { AdminApi } from '../admin-api.decorator';
import { DeadLettersService } from './dead-letters.service';
import { DeadLetterTopicParams } from './dto/dead-letter-topic.params';
import { LetterAddressParams } from './dto/letter-address.params';
import { ListDeadLettersQuery } from './dto/list-dead-letters.query';
import { ReplayLetterDto } from './dto/replay-letter.dto';

@AdminApi()
@ApiServiceUnavailableResponse({ description: 'Kafka is unreachable, or did not hand over the letters in time' })
@Controller('api/admin/dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get()
  @ApiOperation({
    summary: 'Admin: the dead letters of every `.dlq` topic (or one), newest first, each with its reason',
    description: 'By default only letters not replayed yet; `state=all` adds replayed ones, with `replayedAt`.',
  })
  @ApiOkResponse({
    description:
      '{topics: [{topic, originalTopic, pending, replayed, truncated, letters: [{topic, partition, offset, originalTopic, reason, consumer, attempts, failedAt, key, value, replayedAt?}]}]}',
  })
  @ApiBadRequestResponse({ description: 'An unknown topic or state, or an unknown query parameter' })
  async list(@Query() query: ListDeadLettersQuery) {
    return { topics: await this.deadLetters.list(query.topic, query.state) };
  }

  @Post(':topic/:partition/:offset/replay')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Admin: send one dead letter back to its original topic, optionally with a corrected value',
    description: 'Every consumer group of that topic receives it again; the letter leaves the pending list.',
  })
  @ApiOkResponse({ description: '{letter, to, fixed}' })
  @ApiBadRequestResponse({ description: 'A malformed partition, offset or body (`value` must be a JSON object)' })
  @ApiNotFoundResponse({ description: 'No such dead-letter topic, or no letter at that partition and offset' })
  @ApiConflictResponse({ description: 'The letter was replayed already' })
  // The body is optional: without one the letter goes back as it is.
  @ApiBody({ type: ReplayLetterDto, required: false })
  replayOne(@CurrentUser() user: AuthUser, @Param() at: LetterAddressParams, @Body() body: ReplayLetterDto) {
    return this.deadLetters.replayOne(user, at.topic, at.partition, at.offset, body.value);
  }

  @Post(':topic/replay')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Admin: send every pending letter of one `.dlq` topic back, as it is' })
  @ApiOkResponse({ description: '{replayed: [{letter, to, fixed}]}' })
  @ApiNotFoundResponse({ description: 'No such dead-letter topic' })
  async replayPending(@CurrentUser() user: AuthUser, @Param() { topic }: DeadLetterTopicParams) {
    return { replayed: await this.deadLetters.replayPending(user, topic) };
  }
}
