/** Where a service keeps its data: its own PostgreSQL database (deployed) or its own SQLite file (single process). */
export type DatabaseTarget = { readonly kind: 'postgres'; readonly url: string } | { readonly kind: 'sqlite'; readonly path: string };
