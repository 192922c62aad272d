import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '@app/common';

/** What can go wrong in inventory-service, each code with its HTTP status and its fate as an event. */
export enum InventoryErrorCode {
  /** No stock ledger for this product: it was never created, or its product-created is still on its way. */
  NoStockRecord = 'INVENTORY_NO_STOCK_RECORD',
}

export class InventoryServiceError extends defineErrors<InventoryErrorCode>('InventoryServiceError', {
  [InventoryErrorCode.NoStockRecord]: {
    status: HttpStatus.NOT_FOUND,
    message: 'No stock record for this product',
    event: 'dead-letter',
  },
}) {}
