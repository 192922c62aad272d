import { Body, Controller, Get, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, OpenAPIObject } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Type } from 'class-transformer';
import { IsInt, IsMongoId, IsOptional, Length, Max, Min, ValidateNested } from 'class-validator';
import type { OperationObject, SchemaObject } from '@nestjs/swagger';
import { IdParam } from '../http/id-param.decorator';
import { MONGO_ID_PATTERN } from '../http/mongo-id.pipe';
import { MaxDecimals } from '../http/validation';
import { createApiDocument } from './api-document';

class LineDto {
  @IsMongoId()
  product: string;

  @IsInt()
  @Min(1)
  @Max(1000)
  quantity: number;
}

class BasketDto {
  @Length(1, 20)
  name: string;

  @MaxDecimals(2)
  @Min(0)
  price: number;

  @ApiProperty({ type: [LineDto] })
  @ValidateNested({ each: true })
  @Type(() => LineDto)
  lines: LineDto[];

  @ApiPropertyOptional({ description: 'Kept for old clients' })
  @IsOptional()
  @Length(0, 5)
  note?: string;
}

class PageQuery {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

@Controller('baskets')
class BasketsController {
  @Get()
  list(@Query() _query: PageQuery) {
    return [];
  }

  @Get(':id')
  @ApiOkResponse()
  get(@IdParam('id') id: string) {
    return { id };
  }

  @Post()
  @ApiBearerAuth()
  create(@Body() body: BasketDto) {
    return body;
  }
}

describe(createApiDocument.name, () => {
  let app: NestFastifyApplication;
  let doc: OpenAPIObject;
  const schema = (name: string) => doc.components!.schemas![name] as SchemaObject;

  beforeAll(async () => {
    const module = await Test.createTestingModule({ controllers: [BasketsController] }).compile();
    app = module.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    await app.init();
    doc = createApiDocument(app, 'test');
  });
  afterAll(() => app.close());

  it('declares the validation rules of a body: bounds, lengths, decimals, required, nested ids', () => {
    expect(schema('BasketDto')).toMatchObject({
      required: ['lines', 'name', 'price'],
      properties: {
        name: { minLength: 1, maxLength: 20 },
        price: { minimum: 0, multipleOf: 0.01 },
        note: { maxLength: 5, description: 'Kept for old clients' },
      },
    });
    expect(schema('LineDto')).toMatchObject({
      required: ['product', 'quantity'],
      properties: {
        product: { pattern: MONGO_ID_PATTERN },
        quantity: { type: 'integer', minimum: 1, maximum: 1000 },
      },
    });
  });

  it('closes request bodies, nested ones included, as the ValidationPipe refuses unknown fields', () => {
    expect(schema('BasketDto').additionalProperties).toBe(false);
    expect(schema('LineDto').additionalProperties).toBe(false);
    expect(schema('ErrorResponseDto').additionalProperties).toBeUndefined();
  });

  it('declares query rules and the id pattern of IdParam', () => {
    const list = doc.paths['/baskets'].get!;
    expect(list.parameters).toEqual([
      expect.objectContaining({
        name: 'limit',
        required: false,
        schema: expect.objectContaining({ type: 'integer', minimum: 1, maximum: 100 }),
      }),
    ]);
    const one = doc.paths['/baskets/{id}'].get!;
    expect(one.parameters).toEqual([
      expect.objectContaining({ name: 'id', in: 'path', schema: { type: 'string', pattern: MONGO_ID_PATTERN } }),
    ]);
  });

  it('lists the errors each kind of operation can answer, each with the error body', () => {
    const error = { content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponseDto' } } } };
    const statuses = (op: OperationObject) => Object.keys(op.responses).sort();
    expect(statuses(doc.paths['/baskets'].get!)).toEqual(['200', '400']);
    expect(statuses(doc.paths['/baskets/{id}'].get!)).toEqual(['200', '400', '404']);
    expect(statuses(doc.paths['/baskets'].post!)).toEqual(['201', '400', '401', '413', '415']);
    for (const status of ['400', '401', '413', '415'])
      expect(doc.paths['/baskets'].post!.responses[status]).toMatchObject(error);
  });
});
