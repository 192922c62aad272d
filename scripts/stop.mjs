// `npm stop`: every service instance this checkout started, then the infra.
import { down as infraDown } from './lib/infra/index.mjs';
import { stopServices } from './lib/stack.mjs';

const services = await stopServices();
if (services.length) console.log(`services: stopped ${services.join(', ')}`);
await infraDown();
console.log('stopped');
