import { SimulatedPaymentProcessor } from './simulated-payment.processor';

describe(SimulatedPaymentProcessor.name, () => {
  const sut = new SimulatedPaymentProcessor(10_000);

  it('approves a total up to and including the limit', async () => {
    await expect(sut.charge({ idempotencyKey: 'charge:a', amount: 10_000, description: 'a' })).resolves.toMatchObject({
      approved: true,
    });
    await expect(sut.charge({ idempotencyKey: 'charge:b', amount: 0, description: 'b' })).resolves.toMatchObject({
      approved: true,
    });
  });

  it('declines a total above the limit, saying why', async () => {
    const result = await sut.charge({ idempotencyKey: 'charge:c', amount: 10_000.01, description: 'c' });

    expect(result).toEqual({ approved: false, reason: 'Declined: the total 10000.01 is over the limit of 10000' });
  });

  it('answers a repeated idempotency key with the same reference, a new key with another', async () => {
    const first = await sut.charge({ idempotencyKey: 'charge:d', amount: 5, description: 'd' });
    const again = await sut.charge({ idempotencyKey: 'charge:d', amount: 5, description: 'd' });
    const other = await sut.charge({ idempotencyKey: 'charge:e', amount: 5, description: 'e' });

    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('refunds with a reference of its own', async () => {
    const refund = await sut.refund({ idempotencyKey: 'refund:d', chargeReference: 'sim_ch_x', amount: 5 });

    expect(refund.reference).toMatch(/^sim_re_[0-9a-f]{24}$/);
  });
});
