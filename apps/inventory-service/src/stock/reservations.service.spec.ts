import { Logger } from '@nestjs/common';
import type { Model } from 'mongoose';
import { TOPICS, parseEvent } from '@app/events';
import { FakeModel, objectId, orderCancelledEvent, orderLine, orderPaidEvent, orderRef } from '@app/testing';
import { Reservation, ReservationOutcome } from './reservation.schema';
import { ReservationsService } from './reservations.service';
import { StockLedger } from './stock-ledger.service';
import { StockMovement } from './stock-movement.schema';

function newTestService() {
  const movements = new FakeModel([['productId', 'sequence'], ['key']]);
  const reservations = new FakeModel();
  const ledger = new StockLedger(movements as unknown as Model<StockMovement>);
  const sut = new ReservationsService(reservations as unknown as Model<Reservation>, ledger);
  const stockOf = async (productId: string) => (await ledger.current(productId))?.stock;
  return { sut, ledger, reservations, movements, stockOf };
}

describe(ReservationsService.name, () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'log').mockImplementation());
  afterEach(() => jest.restoreAllMocks());

  it('reserves every line of a paid order once, announcing inventory-reserved in the same insert', async () => {
    const { sut, ledger, reservations, stockOf } = newTestService();
    const [a, b] = [objectId(), objectId()];
    await ledger.open(a, 5);
    await ledger.open(b, 5);
    const paid = orderPaidEvent(orderRef(), {
      items: [orderLine({ productId: a, quantity: 2 }), orderLine({ productId: b, quantity: 1 })],
    });

    expect(await sut.reserve(paid)).toBe(ReservationOutcome.Reserved);
    expect(await sut.reserve(paid)).toBe(ReservationOutcome.Reserved);

    expect([await stockOf(a), await stockOf(b)]).toEqual([3, 4]);
    expect(reservations.docs).toHaveLength(1);
    const outbox = reservations.docs[0].outbox;
    expect(outbox.topic).toBe(TOPICS.INVENTORY_RESERVED);
    expect(parseEvent(TOPICS.INVENTORY_RESERVED, outbox.payload)).toMatchObject({ orderId: paid.orderId });
  });

  it('takes nothing when a line cannot be served: gives back what it took and announces inventory-failed', async () => {
    const { sut, ledger, reservations, stockOf } = newTestService();
    const [plenty, scarce] = [objectId(), objectId()].sort();
    await ledger.open(plenty, 5);
    await ledger.open(scarce, 1);
    const paid = orderPaidEvent(orderRef(), {
      items: [orderLine({ productId: plenty, quantity: 2 }), orderLine({ productId: scarce, quantity: 3 })],
    });

    expect(await sut.reserve(paid)).toBe(ReservationOutcome.Failed);

    expect([await stockOf(plenty), await stockOf(scarce)]).toEqual([5, 1]);
    const failed = parseEvent(TOPICS.INVENTORY_FAILED, reservations.docs[0].outbox.payload);
    expect(failed.shortages).toEqual([{ productId: scarce, requested: 3, available: 1 }]);
  });

  it('releases a reserved order when the cancellation says so, once however often it is told', async () => {
    const { sut, ledger, stockOf } = newTestService();
    const product = objectId();
    await ledger.open(product, 5);
    const ref = orderRef();
    const paid = orderPaidEvent(ref, { items: [orderLine({ productId: product, quantity: 2 })] });
    await sut.reserve(paid);

    expect(await sut.release(orderCancelledEvent(ref, { releaseStock: false }))).toBe(false);
    expect(await stockOf(product)).toBe(3);
    const cancelled = orderCancelledEvent(ref, { releaseStock: true });
    expect(await sut.release(cancelled)).toBe(true);
    await sut.release(cancelled);
    await sut.release(orderCancelledEvent(ref, { releaseStock: true }));

    expect(await stockOf(product)).toBe(5);
  });

  it('releases nothing for an order it never reserved, or could not', async () => {
    const { sut, ledger, stockOf } = newTestService();
    const product = objectId();
    await ledger.open(product, 1);
    const ref = orderRef();
    await sut.reserve(orderPaidEvent(ref, { items: [orderLine({ productId: product, quantity: 4 })] }));

    expect(await sut.release(orderCancelledEvent(ref, { releaseStock: true }))).toBe(false);
    expect(await sut.release(orderCancelledEvent(orderRef(), { releaseStock: true }))).toBe(false);
    expect(await stockOf(product)).toBe(1);
  });
});
