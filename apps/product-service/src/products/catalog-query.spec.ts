import { ProductErrorCode } from '../errors/product-service.error';
import { catalogFilter, catalogQuery, catalogQueryKey, catalogSort, escapeRegex } from './catalog-query';
import { CATALOG_SORTS } from './dto/list-products.query.dto';

const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

describe('catalog queries', () => {
  describe(escapeRegex.name, () => {
    it('turns every punctuation character into itself, so any input matches only literally', () => {
      for (const text of [PUNCTUATION, 'a.c', '(a+)+$', '.*', '[a-z]', 'x{2,}', '^start', 'end$', 'a|b', '\\d']) {
        const pattern = new RegExp(escapeRegex(text));
        expect(pattern.test(`before ${text} after`)).toBe(true);
      }
      expect(new RegExp(escapeRegex('a.c')).test('abc')).toBe(false);
      expect(new RegExp(escapeRegex('a|b')).test('a')).toBe(false);
    });

    it('defuses a catastrophic-backtracking pattern: it is searched for as text', () => {
      const evil = '(a+)+$';

      expect(new RegExp(escapeRegex(evil)).test(`${'a'.repeat(40)}!`)).toBe(false);
    });

    it('leaves letters, digits, spaces and non-ASCII text alone', () => {
      expect(escapeRegex('Crème brûlée 42')).toBe('Crème brûlée 42');
    });
  });

  describe(catalogQuery.name, () => {
    it('normalises a query: words lower-cased, deduplicated and sorted, category lower-cased, defaults filled', () => {
      expect(catalogQuery({ search: '  Red   SHOE red ', category: ' Shoes ' })).toEqual({
        terms: ['red', 'shoe'],
        category: 'shoes',
        sort: '-createdAt',
        page: 1,
        limit: 20,
      });
    });

    it('refuses a price range whose minimum is above its maximum', () => {
      expect(() => catalogQuery({ minPrice: 10, maxPrice: 5 })).toThrow(
        expect.objectContaining({ code: ProductErrorCode.InvalidPriceRange }),
      );
      expect(catalogQuery({ minPrice: 5, maxPrice: 5 })).toMatchObject({ minPrice: 5, maxPrice: 5 });
    });
  });

  describe(catalogQueryKey.name, () => {
    it('gives equal queries one key and different pages different keys', () => {
      const key = (dto: object) => catalogQueryKey(catalogQuery(dto));

      expect(key({ search: 'shoe red' })).toBe(key({ search: 'Red  Shoe' }));
      expect(key({ page: 2 })).not.toBe(key({ page: 1 }));
      expect(key({ minPrice: 1 })).not.toBe(key({ maxPrice: 1 }));
    });
  });

  describe(catalogFilter.name, () => {
    it('combines category, price range and every search word', () => {
      const filter = catalogFilter(catalogQuery({ search: 'red (v2)', category: 'Shoes', minPrice: 1, maxPrice: 9 }));

      expect(filter).toEqual({
        categoryKey: 'shoes',
        price: { $gte: 1, $lte: 9 },
        $and: [{ searchText: { $regex: '\\(v2\\)' } }, { searchText: { $regex: 'red' } }],
      });
    });

    it('is empty for no filters, so every product matches', () => {
      expect(catalogFilter(catalogQuery({}))).toEqual({});
    });
  });

  it('ends every sort on _id, so equal prices or names keep one order across pages', () => {
    for (const sort of CATALOG_SORTS) expect(Object.keys(catalogSort(sort)).at(-1)).toBe('_id');
  });
});
