import type { IrradiationEvent, Procedure, SopClassKind } from '../model/procedure';
import type { ContentItem } from '../sr/content-item';

/** What adapters may look at to decide whether they apply. */
export interface AdapterContext {
  readonly manufacturer: string | null;
  readonly modelName: string | null;
  readonly softwareVersions: string | null;
  readonly sopClassKind: SopClassKind;
}

/** Collects what adapters changed ('<adapter>/<change>') and their non-fatal findings. */
export class AdapterFindings {
  private readonly applied = new Set<string>();
  private readonly warningSet = new Set<string>();

  record(adapter: string, change: string): void {
    this.applied.add(`${adapter}/${change}`);
  }

  warn(message: string): void {
    this.warningSet.add(message);
  }

  get adaptersApplied(): string[] {
    return [...this.applied];
  }

  get warnings(): string[] {
    return [...this.warningSet];
  }
}

/**
 * Vendor knowledge, kept out of the templates: each adapter says when it applies and may repair the
 * content tree before the templates read it, then adjust each event and the procedure afterwards.
 */
export interface VendorAdapter {
  readonly name: string;
  matches(context: AdapterContext): boolean;
  repairTree?(root: ContentItem, findings: AdapterFindings): ContentItem;
  /** `item` is the event's content item; `root` the (repaired) document root. */
  adjustEvent?(event: IrradiationEvent, item: ContentItem, findings: AdapterFindings, root: ContentItem): IrradiationEvent;
  adjustProcedure?(procedure: Procedure, root: ContentItem, findings: AdapterFindings): Procedure;
}
