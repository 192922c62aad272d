import { Schema, type Model } from 'mongoose';
import { ensureIndexes } from './indexes';

/** What ensureIndexes asks of a mongoose model: its schema, createIndexes and listIndexes. */
function modelWith(schema: Schema, listIndexes: () => Promise<unknown[]>): Model<any> {
  return { schema, collection: { name: 'things' }, createIndexes: async () => undefined, listIndexes } as never;
}

const notThere = () => Promise.reject(Object.assign(new Error('ns does not exist: db.things'), { code: 26 }));

describe(ensureIndexes.name, () => {
  it('accepts a collection not created yet when its schema declares no index of its own (a fresh database)', async () => {
    await expect(ensureIndexes(modelWith(new Schema({ name: String }), notThere))).resolves.toBeUndefined();
  });

  it('refuses to go on when a unique index the schema declares is missing', async () => {
    const schema = new Schema({ email: String });
    schema.index({ email: 1 }, { unique: true });
    await expect(ensureIndexes(modelWith(schema, notThere))).rejects.toThrow(/things lacks its unique index on email/);
    await expect(ensureIndexes(modelWith(schema, async () => [{ key: { _id: 1 } }]))).rejects.toThrow(/email/);
  });

  it('passes once the unique index exists, and lets any other failure through', async () => {
    const schema = new Schema({ email: String });
    schema.index({ email: 1 }, { unique: true });
    const listed = async () => [{ key: { _id: 1 } }, { key: { email: 1 }, unique: true }];
    await expect(ensureIndexes(modelWith(schema, listed))).resolves.toBeUndefined();
    const down = () => Promise.reject(new Error('connection closed'));
    await expect(ensureIndexes(modelWith(schema, down))).rejects.toThrow('connection closed');
  });
});
