import AU_IGIP_2020 from './au-igip-2020.json';
import AU_MDCT_ADULT_2018 from './au-mdct-adult-2018.json';
import CH_FLUOROSCOPY_2007 from './ch-fluoroscopy-2007.json';
import EU_INTERVENTIONAL_CARDIOLOGY_2018 from './eu-interventional-cardiology-2018.json';
import UK_NDRL_ADULT_CT from './uk-ndrl-adult-ct.json';
import { parseDrlTable, type DrlTable } from './drl-table';

/**
 * The DRL tables shipped with Kerma, by name (their file name). Every value in them was read from the
 * source each names (docs/drl.md); each is validated like any other table, so a typo fails at load.
 */
const JSON_BY_NAME = {
  'uk-ndrl-adult-ct': UK_NDRL_ADULT_CT,
  'ch-fluoroscopy-2007': CH_FLUOROSCOPY_2007,
  'eu-interventional-cardiology-2018': EU_INTERVENTIONAL_CARDIOLOGY_2018,
  'au-igip-2020': AU_IGIP_2020,
  'au-mdct-adult-2018': AU_MDCT_ADULT_2018,
} as const;

export type ShippedDrlTableName = keyof typeof JSON_BY_NAME;

export const SHIPPED_DRL_TABLE_NAMES = Object.keys(JSON_BY_NAME) as readonly ShippedDrlTableName[];

export const SHIPPED_DRL_TABLES = Object.fromEntries(
  SHIPPED_DRL_TABLE_NAMES.map((name) => [name, parseDrlTable(JSON_BY_NAME[name], `${name}.json (shipped)`)]),
) as Readonly<Record<ShippedDrlTableName, DrlTable>>;

export function isShippedDrlTableName(name: string): name is ShippedDrlTableName {
  return Object.hasOwn(JSON_BY_NAME, name);
}

/** What the analytics compare with when a deployment chooses nothing: the UK adult CT NDRLs. */
export const DEFAULT_DRL_TABLE_NAMES: readonly ShippedDrlTableName[] = ['uk-ndrl-adult-ct'];
export const DEFAULT_DRL_TABLE: DrlTable = SHIPPED_DRL_TABLES['uk-ndrl-adult-ct'];
