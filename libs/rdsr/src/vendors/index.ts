import type { AdapterContext, VendorAdapter } from './adapter';
import { canon } from './canon';
import { enhanced } from './enhanced';
import { geOec } from './ge-oec';
import { philipsAllura } from './philips-allura';
import { philipsAzurion } from './philips-azurion';
import { siemens } from './siemens';

export { AdapterFindings, type AdapterContext, type VendorAdapter } from './adapter';

/** Every adapter, in the order they run. */
export const VENDOR_ADAPTERS: readonly VendorAdapter[] = [siemens, philipsAllura, philipsAzurion, geOec, canon, enhanced];

export function adaptersFor(context: AdapterContext): VendorAdapter[] {
  return VENDOR_ADAPTERS.filter((a) => a.matches(context));
}
