import { plainToInstance } from 'class-transformer';
import { IsInt, IsNumber, IsString, validateSync } from 'class-validator';
import { MaxDecimals, OptionalNotNull, QueryNumber } from './validation';

class Price {
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @MaxDecimals(2)
  price!: number;
}

class Query {
  @QueryNumber()
  @IsInt()
  page!: number;
}

class Patch {
  @OptionalNotNull()
  @IsString()
  description?: string;
}

const problems = <T extends object>(type: new () => T, plain: object) =>
  validateSync(plainToInstance(type, plain)).flatMap((e) => Object.values(e.constraints ?? {}));

describe('validation helpers', () => {
  it('MaxDecimals judges the value, exponent notation included', () => {
    for (const price of [0, 1, 89.9, 0.29, 19.99, 1e9, 1e3]) expect(problems(Price, { price })).toEqual([]);
    for (const price of [5e-324, 0.001, 1.005, 1e-7]) {
      expect(problems(Price, { price })).toEqual(['price must have at most 2 decimals']);
    }
  });

  it('QueryNumber reads plain decimals only', () => {
    expect(plainToInstance(Query, { page: '12' }).page).toBe(12);
    for (const page of ['0x10', '1e308', ' 5', '', '-0', 'Infinity'])
      expect(problems(Query, { page })).toEqual(['page must be an integer number']);
  });

  it('OptionalNotNull lets a property be absent, never null', () => {
    expect(problems(Patch, {})).toEqual([]);
    expect(problems(Patch, { description: 'x' })).toEqual([]);
    expect(problems(Patch, { description: null })).toEqual(['description must be a string']);
  });
});
