import { LoopEntity } from './loop.entity.js';

/** Every entity; the drift check compares each with the migrated catalog. */
export const ENTITIES = [LoopEntity] as const;
export { LoopEntity };
