// Entry point of hotel-sim.
import { runService } from '@folio/runtime';
import { hotelSimService } from './service.js';

await runService(hotelSimService());
