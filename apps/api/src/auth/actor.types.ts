import type { Actor } from '@intelgraph/orchestrator-store';

/** The authenticated caller, built only from a verified token's claims: the store's `Actor`. */
export type ApiActor = Actor;
